package io.psip.gateway.cluster;

import io.psip.gateway.calls.CallRecords;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a node does when its cluster's membership changes (a node joined or left, or a partition healed, which
 * vertx-hazelcast reports as joins and leaves): reload its directory in full, since a node back from a partition may
 * have missed changes and so may this one; and for a node that left, close the legs it left open (detail
 * {@value CallRecords#NODE_LOST}). Every survivor closes them: the SQL is idempotent. Runs on a Hazelcast thread
 * while the cluster manager holds its lock, so nothing here blocks.
 */
public final class MembershipWatch implements NodeListener {
  private static final Logger log = LoggerFactory.getLogger(MembershipWatch.class);

  private final ClusterNode cluster;
  private final Supplier<Pool> pool;
  private final Consumer<String> reloadDirectory;

  /**
   * @param pool            the database pool, or null while the node has none yet (its start-up sweep, which reads
   *                        the members after this watch is in place, then covers a node that left meanwhile)
   * @param reloadDirectory asks this node's directory for a full reload, with the reason
   */
  public MembershipWatch(ClusterNode cluster, Supplier<Pool> pool, Consumer<String> reloadDirectory) {
    this.cluster = cluster;
    this.pool = pool;
    this.reloadDirectory = reloadDirectory;
  }

  @Override
  public void nodeAdded(String id) {
    log.info("cluster: node {} joined ({} members)", id, cluster.members().size());
    reloadDirectory.accept("node " + id + " joined");
  }

  @Override
  public void nodeLeft(String id) {
    log.info("cluster: node {} left ({} members)", id, cluster.members().size());
    Pool p = pool.get();
    if (p != null) CallRecords.closeOpen(p, id, CallRecords.NODE_LOST);
    reloadDirectory.accept("node " + id + " left");
  }
}
