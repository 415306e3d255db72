package io.psip.gateway;

import io.psip.gateway.metrics.NodeMetrics;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * What this node has bound and whether each part is ready: written by the verticles (each on its own event loop),
 * read by {@code /health} and by {@link Gateway}.
 */
public final class NodeStatus {
  /** The SIP listeners' bound ports. */
  public record SipListeners(int udpPort, int tcpPort) {}

  /** This node's place in its cluster: its id and how many members the cluster has now (this node included). */
  public record ClusterMembership(String node, int members) {}

  private final boolean sipEnabled;
  private volatile SipListeners sip;
  private volatile int httpPort = -1;
  private volatile Supplier<Future<Boolean>> databaseCheck;
  private volatile boolean databaseUp = true;
  private final boolean webhookEnabled;
  private volatile boolean webhookReady;
  private volatile NodeMetrics metrics;
  private volatile Supplier<ClusterMembership> cluster;
  private volatile boolean draining;

  public NodeStatus(boolean sipEnabled) { this(sipEnabled, false); }

  public NodeStatus(boolean sipEnabled, boolean webhookEnabled) {
    this.sipEnabled = sipEnabled;
    this.webhookEnabled = webhookEnabled;
  }

  /** This node's meters, served at {@code /metrics}; null when the node keeps none (unit tests of parts). */
  public NodeMetrics metrics() { return metrics; }

  public NodeStatus metrics(NodeMetrics metrics) {
    this.metrics = metrics;
    return this;
  }

  /** False when {@code node.roles} leaves {@code webhook} out: then webhooks do not count towards readiness. */
  public boolean webhookEnabled() { return webhookEnabled; }

  /** True while this node's webhook verticle is deployed and consuming. */
  public boolean webhookReady() { return webhookReady; }

  public void webhookReady(boolean ready) { webhookReady = ready; }

  /** False when {@code node.roles} leaves SIP out: then SIP does not count towards readiness. */
  public boolean sipEnabled() { return sipEnabled; }

  /** The bound SIP listeners, or {@code null} while they are not (yet, or any more) bound. */
  public SipListeners sip() { return sip; }

  public void sipBound(int udpPort, int tcpPort) { sip = new SipListeners(udpPort, tcpPort); }

  public void sipUnbound() { sip = null; }

  public int httpPort() { return httpPort; }

  public void httpBound(int port) { httpPort = port; }

  public void httpUnbound() { httpPort = -1; }

  /**
   * From now on the database counts towards readiness; {@code check} answers whether it is reachable (cheaply: it
   * is asked on every {@code /health}).
   */
  public void databaseCheck(Supplier<Future<Boolean>> check) { databaseCheck = check; }

  /** True when this node has a database (so {@code /health} reports it). */
  public boolean hasDatabase() { return databaseCheck != null; }

  /** Asks whether the database is reachable and remembers the answer; true when the node has none. */
  public Future<Boolean> checkDatabase() {
    Supplier<Future<Boolean>> check = databaseCheck;
    if (check == null) return Future.succeededFuture(true);
    return check.get().otherwise(false).onSuccess(up -> databaseUp = up);
  }

  /** The last answer of {@link #checkDatabase()} (true before the first, and when the node has no database). */
  public boolean databaseUp() { return databaseCheck == null || databaseUp; }

  /** A clustered node reports its membership (read at each call); a standalone node never calls this. */
  public void cluster(Supplier<ClusterMembership> membership) { cluster = membership; }

  /** This node's cluster membership now, or null when it is not clustered. */
  public ClusterMembership cluster() {
    Supplier<ClusterMembership> c = cluster;
    return c == null ? null : c.get();
  }

  /** True once the node has begun to stop: it refuses new calls while its live calls end. */
  public boolean draining() { return draining; }

  public void draining(boolean value) { draining = value; }

  /** Ready to take traffic: every enabled part is up, and the node is not draining. */
  public boolean ready() {
    return (!sipEnabled || sip != null) && (!webhookEnabled || webhookReady) && databaseUp() && !draining;
  }
}
