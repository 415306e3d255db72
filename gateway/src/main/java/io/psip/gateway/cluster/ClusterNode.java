package io.psip.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;

/**
 * This node as a member of a Vert.x cluster on Hazelcast: the clustered Vert.x instance (its event bus reaches every
 * node), this node's id (the cluster manager's, new at every start) and the current members.
 */
public final class ClusterNode {
  private final Vertx vertx;
  private final HazelcastClusterManager manager;

  private ClusterNode(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  /** Starts a clustered Vert.x: Hazelcast joins (or forms) the cluster, then the event bus listens. */
  public static Future<ClusterNode> join(ClusterSettings settings) {
    HazelcastClusterManager manager = new HazelcastClusterManager(settings.hazelcast());
    VertxOptions options = new VertxOptions()
        .setEventBusOptions(new EventBusOptions().setHost(settings.host()).setPort(settings.busPort()));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
        .map(vertx -> new ClusterNode(vertx, manager));
  }

  public Vertx vertx() { return vertx; }

  /** This node's id in the cluster: leg records' {@code node} and the suffix of its call-control address. */
  public String nodeId() { return manager.getNodeId(); }

  /** The ids of the current members, this node included; empty once this node has left. */
  public List<String> members() {
    try {
      return manager.isActive() ? manager.getNodes() : List.of();
    } catch (RuntimeException e) { // Hazelcast is shutting down
      return List.of();
    }
  }

  /**
   * Membership changes from now on (another node joined or left, or a partition healed). The listener runs on a
   * Hazelcast thread while the cluster manager holds its lock: it must return quickly and never block.
   */
  public void listen(NodeListener listener) { manager.nodeListener(listener); }
}
