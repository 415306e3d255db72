package io.psip.gateway;

import io.psip.call.CallService;
import io.psip.directory.Directory;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.gateway.calls.CallRecords;
import io.psip.gateway.calls.BatchingCallRecorder;
import io.psip.gateway.calls.PgCallRecorder;
import io.psip.gateway.cluster.ClusterNode;
import io.psip.gateway.cluster.ClusterSettings;
import io.psip.gateway.cluster.MembershipWatch;
import io.psip.gateway.config.GatewayConfig;
import io.psip.gateway.db.Database;
import io.psip.gateway.db.PrimaryAccount;
import io.psip.gateway.directory.DirectoryVerticle;
import io.psip.gateway.http.HttpVerticle;
import io.psip.gateway.metrics.NodeMetrics;
import io.psip.gateway.sip.Admission;
import io.psip.gateway.sip.AdmissionGate;
import io.psip.gateway.sip.ServedHosts;
import io.psip.gateway.sip.SipVerticle;
import io.psip.gateway.store.Stores;
import io.psip.gateway.store.pg.PgDirectorySnapshot;
import io.psip.gateway.store.pg.PgStores;
import io.psip.sip.stack.SipStack;
import io.psip.webhook.WebhookOptions;
import io.psip.webhook.WebhookStats;
import io.psip.webhook.WebhookVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.psip.gateway.config.ConfigKeys.CLUSTER_DRAIN_S;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_ENABLED;
import static io.psip.gateway.config.ConfigKeys.HTTP_HOST;
import static io.psip.gateway.config.ConfigKeys.NODE_ROLES;
import static io.psip.gateway.config.ConfigKeys.SIP_ADVERTISED_HOST;
import static io.psip.gateway.config.ConfigKeys.SIP_DOMAIN;
import static io.psip.gateway.config.ConfigKeys.SIP_HOST;
import static io.psip.gateway.config.ConfigKeys.WEBHOOK_INSTANCES;

/**
 * One running psip node: opens its database (starting the embedded PostgreSQL when {@code db.url} is empty, and
 * migrating the schema), makes sure the primary account exists, deploys the verticles its roles call for, and stops
 * them again, the database last. {@link Main} is a thin wrapper around this; tests start it in-process with ports 0
 * and read the bound ports back. With {@code cluster.enabled} the node first joins its cluster (a clustered Vert.x on
 * Hazelcast), takes the cluster's node id as its own, closes the call records of nodes that are gone, and drains its
 * calls before it leaves.
 */
public final class Gateway {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final GatewayConfig config;
  private final NodeStatus status;
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private final InMemoryDirectory directory = new InMemoryDirectory();
  private final NodeMetrics metrics = new NodeMetrics();
  /** This node in its cluster, or null when standalone. */
  private final ClusterNode cluster;
  /** Leg records' {@code node} and the call-control address suffix: the cluster node id, or "local" standalone. */
  private final String nodeId;
  private final AdmissionGate gate = new AdmissionGate();
  private volatile SipVerticle sip;
  private volatile BatchingCallRecorder recorder;
  private volatile Database database;
  private volatile Stores stores;
  private volatile String primaryApiKey;
  private Future<Void> stopping;

  private Gateway(Vertx vertx, boolean ownsVertx, GatewayConfig config, ClusterNode cluster) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
    this.cluster = cluster;
    this.nodeId = cluster == null ? CallRecords.STANDALONE_NODE : cluster.nodeId();
    this.status = new NodeStatus(config.get(NODE_ROLES).contains("sip"), config.get(NODE_ROLES).contains("webhook"))
        .metrics(metrics);
    metrics.bindDirectory(directory);
    if (cluster != null) {
      status.cluster(() -> new NodeStatus.ClusterMembership(nodeId, cluster.members().size()));
      metrics.bindCluster(() -> cluster.members().size());
      cluster.listen(new MembershipWatch(cluster, () -> database == null ? null : database.pool(), this::reloadDirectory));
    }
  }

  /**
   * Starts a node on a Vert.x instance of its own, closed again by {@link #stop()} (or if the start fails); with
   * {@code cluster.enabled} a clustered one, which joins the cluster first.
   *
   * @throws io.psip.gateway.config.InvalidConfigException at once, when the cluster's Hazelcast file or
   *     {@code cluster.host} is unusable
   */
  public static Future<Gateway> start(GatewayConfig config) {
    ClusterSettings clustered = config.get(CLUSTER_ENABLED) ? ClusterSettings.from(config) : null;
    // a promise of no context: once Vert.x is closed, its event loops can no longer deliver callbacks
    Promise<Gateway> result = Promise.promise();
    Future<ClusterNode> joined = clustered == null ? Future.succeededFuture() : ClusterNode.join(clustered);
    joined.onComplete(join -> {
      if (join.failed()) {
        result.fail(join.cause());
        return;
      }
      ClusterNode node = join.result();
      Vertx vertx = node == null ? Vertx.vertx() : node.vertx();
      if (node != null) log.info("joined the cluster as node {} ({} members)", node.nodeId(), node.members().size());
      start(vertx, config, true, node).onComplete(started -> {
        if (started.succeeded()) result.complete(started.result());
        else vertx.close().onComplete(closed -> result.fail(started.cause()));
      });
    });
    return result.future();
  }

  /**
   * Starts a standalone node on a Vert.x instance the caller owns (whatever {@code cluster.enabled} says);
   * {@link #stop()} undeploys what this node deployed.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) { return start(vertx, config, false, null); }

  private static Future<Gateway> start(Vertx vertx, GatewayConfig config, boolean ownsVertx, ClusterNode cluster) {
    config.warnings().forEach(log::warn);
    Gateway gateway = new Gateway(vertx, ownsVertx, config, cluster);
    // enumerating interfaces is a blocking system call: never on an event loop, whoever calls start()
    return vertx.executeBlocking(LocalAddresses::enumerate)
        .compose(addresses -> gateway.openDatabase().map(addresses))
        .compose(gateway::deploy)
        .onSuccess(v -> gateway.settle())
        .recover(failure -> gateway.undeployAll()
            .eventually(gateway::closeDatabase)
            .transform(undeployed -> Future.failedFuture(failure)))
        .map(v -> {
          log.info("psip {} started: {}, HTTP {}", Version.current(), gateway.sipSummary(),
              HostPort.of(config.get(HTTP_HOST), gateway.httpPort()));
          return gateway;
        });
  }

  /** The database (started and migrated on a worker thread), the stores over its pool, the primary account. */
  private Future<Void> openDatabase() {
    return Database.open(vertx, config).compose(db -> {
      database = db;
      stores = PgStores.create(vertx, db.pool(), db.timeoutMs());
      status.databaseCheck(db.probe()::check);
      // before SIP takes calls: the legs this node left open when it last stopped are over; in a cluster, those of
      // every node that is not a member now (members are read now, after the join: a node that leaves from here on
      // is handled by the MembershipWatch)
      Future<Integer> closing = cluster == null ? CallRecords.closeOpen(db.pool(), CallRecords.STANDALONE_NODE)
          : CallRecords.closeOpenExcept(db.pool(), cluster.members());
      return closing
          .compose(closed -> PrimaryAccount.ensure(vertx, stores.accounts(), config, System.out));
    }).map(key -> {
      primaryApiKey = key;
      return null;
    });
  }

  private Future<Void> deploy(List<InetAddress> localAddresses) {
    // the directory first: SIP must never answer from an empty view; then HTTP, so that while SIP binds /health
    // already answers 503 instead of refusing connections
    Database db = database;
    Future<Void> started = deploy(() -> new DirectoryVerticle(directory, () -> PgDirectorySnapshot.load(db.pool())));
    boolean api = config.get(NODE_ROLES).contains("api");
    started = started.compose(v -> deploy(() -> api ? new HttpVerticle(status, stores) : new HttpVerticle(status),
        "http", "sip"));
    if (status.webhookEnabled()) {
      // several instances, one per event loop: HTTP to applications and JWT signing spread over the cores, and the
      // SIP node keeps each call's events in order whichever instance delivers them
      WebhookStats webhookStats = new WebhookStats();
      metrics.bindWebhooks(webhookStats);
      WebhookOptions webhookOptions = WebhookOptions.fromJson(config.sections("webhook"));
      int instances = config.get(WEBHOOK_INSTANCES) > 0 ? config.get(WEBHOOK_INSTANCES)
          : Math.max(1, Runtime.getRuntime().availableProcessors());
      started = started.compose(v -> deploy(() -> new WebhookVerticle(directory, webhookOptions, webhookStats),
              instances, "webhook"))
          .onSuccess(v -> status.webhookReady(true));
    }
    if (status.sipEnabled()) {
      String bindHost = config.get(SIP_HOST);
      String advertised = advertisedHost(bindHost, localAddresses);
      ServedHosts served = new ServedHosts(config.get(SIP_DOMAIN), List.of(bindHost, advertised), localAddresses);
      log.debug("SIP advertises {} in Via and Contact", advertised);
      metrics.bindSip();
      metrics.bindCalls(() -> sip == null || sip.calls() == null ? null : sip.calls().registry());
      metrics.bindOverload(() -> sip == null || sip.calls() == null ? null : sip.calls().overload());
      started = started
          .compose(v -> Admission.create(vertx, config, directory, db.pool(), advertised,
              nodeId, recorder = new BatchingCallRecorder(vertx, new PgCallRecorder(db.pool())), metrics))
          .compose(calls -> deploy(() -> sip = new SipVerticle(advertised, served, status,
              (v, stack) -> calls.apply(v, gate.guard(stack))), "sip"));
    }
    return started;
  }

  /**
   * Clustered: one more full directory load once the node is up. The first load began as soon as this node's
   * subscription to {@code psip.config.changed} was registered, but other nodes learn of a new subscription a moment
   * later; a change they published in that moment missed this node, and this reload picks it up.
   */
  private void settle() {
    if (cluster != null) reloadDirectory("start-up");
  }

  /** Asks this node's DirectoryVerticle (only this node's: the address is cluster-wide) for a full reload. */
  private void reloadDirectory(String why) {
    vertx.eventBus().publish(Stores.RELOAD_ADDRESS, new JsonObject().put("reason", why),
        new DeliveryOptions().setLocalOnly(true));
  }

  private Future<Void> deploy(Supplier<VerticleBase> verticle, String... sections) {
    return deploy(verticle, 1, sections);
  }

  private Future<Void> deploy(Supplier<VerticleBase> verticle, int instances, String... sections) {
    DeploymentOptions options = new DeploymentOptions().setConfig(config.sections(sections)).setInstances(instances);
    return vertx.deployVerticle(verticle, options).onSuccess(deployments::add).mapEmpty();
  }

  /** {@code sip.advertised_host}, or when empty: the bind host, or for the wildcard a LAN address of this machine. */
  private String advertisedHost(String bindHost, List<InetAddress> localAddresses) {
    String configured = config.get(SIP_ADVERTISED_HOST);
    if (!configured.isEmpty()) return configured;
    boolean wildcard = bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]");
    return wildcard ? LocalAddresses.preferredAdvertised(localAddresses) : bindHost;
  }

  private String sipSummary() {
    if (!status.sipEnabled()) return "SIP off (node.roles)";
    String host = config.get(SIP_HOST);
    if (udpPort() == tcpPort()) return "SIP udp+tcp " + HostPort.of(host, udpPort());
    return "SIP udp " + HostPort.of(host, udpPort()) + " tcp " + HostPort.of(host, tcpPort());
  }

  /** The bound SIP UDP port, or -1 when SIP is not running. */
  public int udpPort() { return status.sip() == null ? -1 : status.sip().udpPort(); }

  /** The bound SIP TCP port, or -1 when SIP is not running. */
  public int tcpPort() { return status.sip() == null ? -1 : status.sip().tcpPort(); }

  /** The bound HTTP port, or -1. */
  public int httpPort() { return status.httpPort(); }

  /** The stores over this node's database pool. */
  public Stores stores() { return stores; }

  /** This node's in-memory directory, kept in step with the database. */
  public Directory directory() { return directory; }

  /** The primary account's API key (configured, stored, or generated at first start). */
  public String primaryApiKey() { return primaryApiKey; }

  /** This node's live calls (the registry's counts: tests' leak checks, metrics), or null when SIP is not running. */
  public CallService calls() {
    SipVerticle v = sip;
    return v == null ? null : v.calls();
  }

  /** The SIP stack's live counts (transactions, pending ACKs, timers), read on the stack's own context. */
  public Future<SipStack.SipStackStats> sipStats() {
    SipVerticle v = sip;
    return v == null ? Future.failedFuture("SIP is not running") : v.stats();
  }

  /** This node's database (pool, reachability probe, embedded server). */
  public Database database() { return database; }

  /** The id this node records its legs under: the cluster node id when clustered, else {@code "local"}. */
  public String nodeId() { return nodeId; }

  /**
   * Undeploys the verticles (closing every socket and timer), closes the database pool, closes Vert.x too if this
   * node created it (a clustered one leaves its cluster then), and last stops the embedded PostgreSQL. A clustered
   * node first drains: new INVITEs get 503 while live calls end, for at most {@code cluster.drain_s}.
   */
  public synchronized Future<Void> stop() {
    if (stopping == null) {
      stopping = drain()
          .transform(drained -> undeployAll())
          .eventually(this::closePool)
          .eventually(() -> ownsVertx ? vertx.close() : Future.succeededFuture())
          .eventually(this::stopDatabaseServer)
          .andThen(v -> metrics.close())
          .onSuccess(v -> log.info("psip stopped"))
          .onFailure(e -> log.warn("psip stopped with errors: {}", e.getMessage()));
    }
    return stopping;
  }

  /** How long {@link #stop()} may spend draining calls before it closes anything. */
  public long drainSeconds() { return cluster == null ? 0 : config.get(CLUSTER_DRAIN_S); }

  private Future<Void> drain() {
    if (cluster == null || !status.sipEnabled()) return Future.succeededFuture();
    status.draining(true); // /health 503, so balancers move on too
    return gate.drain(vertx, this::liveCalls, drainSeconds());
  }

  private int liveCalls() {
    CallService calls = calls();
    return calls == null ? 0 : calls.registry().activeCalls();
  }

  private Future<Void> closeDatabase() { return closePool().eventually(this::stopDatabaseServer); }

  /** The call records still waiting are written before the pool closes (bounded: a dead database does not hang stop). */
  private Future<Void> closePool() {
    Future<Void> records = Future.succeededFuture();
    BatchingCallRecorder r = recorder;
    if (r != null) {
      records = r.drain().timeout(RECORDS_DRAIN_MS, TimeUnit.MILLISECONDS)
          .recover(e -> Future.succeededFuture()).andThen(v -> r.close());
    }
    return records.eventually(() -> database == null ? Future.succeededFuture() : database.closePool());
  }

  private static final long RECORDS_DRAIN_MS = 3_000;

  private Future<Void> stopDatabaseServer() {
    return database == null ? Future.succeededFuture() : database.stopServer();
  }

  /** In reverse order of deployment: SIP stops taking calls before HTTP stops reporting on it. */
  private Future<Void> undeployAll() {
    status.webhookReady(false);
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.transform(ignored -> vertx.undeploy(id));
    }
    return chain;
  }
}
