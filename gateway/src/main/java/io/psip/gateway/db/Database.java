package io.psip.gateway.db;

import io.psip.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.psip.gateway.config.ConfigKeys.DATA_DIR;
import static io.psip.gateway.config.ConfigKeys.DB_POOL_SIZE;
import static io.psip.gateway.config.ConfigKeys.DB_TIMEOUT_MS;
import static io.psip.gateway.config.ConfigKeys.DB_URL;

/**
 * The node's database: the embedded PostgreSQL when {@code db.url} is empty (started here, under
 * {@code <data.dir>/postgres}), the schema migrated, and the one shared {@link Pool} every store uses. Short connect
 * and acquire timeouts turn an outage into a quick failure; the pool reconnects by itself when the server is back.
 */
public final class Database {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  public static final String POOL_NAME = "psip";

  private final Pool pool;
  private final EmbeddedPostgresServer embedded;
  private final DatabaseTarget target;
  private final int timeoutMs;
  private final DatabaseProbe probe;
  private Future<Void> closing;

  private Database(Vertx vertx, Started started, int poolSize, int timeoutMs) {
    this.embedded = started.embedded;
    this.target = started.target;
    this.timeoutMs = timeoutMs;
    PgConnectOptions connect = target.options()
        .setReconnectAttempts(0)
        .setCachePreparedStatements(true);
    PoolOptions poolOptions = new PoolOptions()
        .setName(POOL_NAME)
        .setMaxSize(poolSize)
        .setMaxWaitQueueSize(poolSize * 64)
        .setConnectionTimeout(timeoutMs)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(60)
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
    this.pool = PgBuilder.pool()
        .with(poolOptions)
        .with(new NetClientOptions().setConnectTimeout(timeoutMs))
        .connectingTo(connect)
        .using(vertx)
        .build();
    this.probe = new DatabaseProbe(pool, Math.min(timeoutMs, 1500));
  }

  private record Started(DatabaseTarget target, EmbeddedPostgresServer embedded) {}

  /**
   * Starts the embedded server if configured, migrates the schema (both on a worker thread), then creates the pool.
   * Fails with one line naming the database and the problem.
   */
  public static Future<Database> open(Vertx vertx, GatewayConfig config) {
    String url = config.get(DB_URL);
    Path dataDir = Path.of(config.get(DATA_DIR)).resolve("postgres");
    return vertx.executeBlocking(() -> start(url, dataDir), false)
        .map(started -> new Database(vertx, started, config.get(DB_POOL_SIZE), config.get(DB_TIMEOUT_MS)));
  }

  private static Started start(String url, Path dataDir) {
    EmbeddedPostgresServer embedded = null;
    if (url.isEmpty()) {
      try {
        embedded = EmbeddedPostgresServer.start(dataDir);
      } catch (Exception e) {
        throw new DatabaseStartException("embedded PostgreSQL in " + dataDir + " did not start: " + oneLine(e));
      }
    }
    DatabaseTarget target = DatabaseTarget.parse(embedded == null ? url : embedded.url());
    try {
      Migrations.migrate(target);
      log.info("database {}{}", target, embedded == null ? "" : " (embedded)");
      return new Started(target, embedded);
    } catch (RuntimeException e) {
      if (embedded != null) embedded.close();
      throw new DatabaseStartException("database " + target + ": " + oneLine(e));
    }
  }

  /** The shared pool. */
  public Pool pool() { return pool; }

  /** How long one store operation may take before it is reported as unavailable. */
  public int timeoutMs() { return timeoutMs; }

  /** The cached reachability check behind {@code /health}. */
  public DatabaseProbe probe() { return probe; }

  /** Where the database is, without credentials. */
  public DatabaseTarget target() { return target; }

  /** True when this node runs its own embedded PostgreSQL. */
  public boolean embedded() { return embedded != null; }

  /** Closes the pool. Call before Vert.x closes. */
  public Future<Void> closePool() { return pool.close(); }

  /**
   * Stops the embedded server (if any) on a thread of its own, so it works after Vert.x has closed. Idempotent.
   */
  public synchronized Future<Void> stopServer() {
    if (closing == null) {
      if (embedded == null) {
        closing = Future.succeededFuture();
      } else {
        Promise<Void> stopped = Promise.promise();
        Thread t = new Thread(() -> {
          embedded.close();
          stopped.complete();
        }, "psip-postgres-stop");
        t.setDaemon(false);
        t.start();
        closing = stopped.future();
      }
    }
    return closing;
  }

  /** The most specific message of a failure, on one line (drivers and Flyway write several). */
  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    String first = message.strip().lines().findFirst().orElse(message);
    return first.length() > 300 ? first.substring(0, 300) + "…" : first;
  }

  /** Start-up failed; the message is one line fit for the console. */
  public static final class DatabaseStartException extends RuntimeException {
    DatabaseStartException(String message) { super(message, null, false, false); }
  }
}
