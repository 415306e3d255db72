package io.psip.gateway.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.TimeUnit;

/**
 * Is the database reachable? A {@code SELECT 1} with a short timeout, its answer cached for a second and shared by
 * concurrent callers, so {@code /health} polled by a load balancer costs the database next to nothing.
 */
public final class DatabaseProbe {
  static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Pool pool;
  private final long timeoutMs;
  private volatile boolean up = true;
  private long checkedAt = Long.MIN_VALUE;
  private Future<Boolean> inFlight;

  DatabaseProbe(Pool pool, long timeoutMs) {
    this.pool = pool;
    this.timeoutMs = timeoutMs;
  }

  /** The database answered within the timeout, at most a second ago. */
  public synchronized Future<Boolean> check() {
    long now = System.nanoTime();
    if (checkedAt != Long.MIN_VALUE && now - checkedAt < CACHE_NANOS) return Future.succeededFuture(up);
    if (inFlight != null) return inFlight;
    Future<Boolean> f = pool.query("SELECT 1").execute()
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(rows -> true)
        .otherwise(false);
    inFlight = f;
    return f.onComplete(r -> completed(r.result()));
  }

  private synchronized void completed(boolean result) {
    up = result;
    checkedAt = System.nanoTime();
    inFlight = null;
  }

  /** The last answer, without asking again (true before the first check). */
  public boolean lastKnownUp() { return up; }
}
