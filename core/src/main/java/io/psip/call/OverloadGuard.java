package io.psip.call;

import io.vertx.core.Vertx;

/**
 * Tells when the SIP context is overloaded, by how late its own periodic timer fires (event-loop lag: work queued
 * behind the loop). Past {@code thresholdMs} new calls are refused with 503 + Retry-After (RFC 3261 §21.5.4) so the
 * calls already admitted keep their timers and the node recovers, instead of every call timing out together; it
 * admits again once the lag is under half the threshold and {@value #HOLD_MS} ms have passed since the last late
 * sample. Runs on the context that creates it.
 */
public final class OverloadGuard {
  /** How often the lag is sampled. */
  public static final long PERIOD_MS = 20;
  /** Once tripped, new calls are refused at least this long: a late timer's catch-up run must not reopen the door. */
  public static final long HOLD_MS = 1_000;

  private final Vertx vertx;
  private final long thresholdMs;
  private final long timer;
  private long expected;
  private volatile boolean overloaded;
  private volatile long lagMs;
  private long refused;
  private long holdUntil;

  /** @param thresholdMs lag at which new calls are refused; 0 turns the guard off */
  public OverloadGuard(Vertx vertx, long thresholdMs) {
    this.vertx = vertx;
    this.thresholdMs = thresholdMs;
    this.expected = System.nanoTime() + PERIOD_MS * 1_000_000;
    this.timer = thresholdMs > 0 ? vertx.setPeriodic(PERIOD_MS, id -> sample()) : -1;
  }

  private void sample() {
    long now = System.nanoTime();
    long lag = Math.max(0, (now - expected) / 1_000_000);
    expected = now + PERIOD_MS * 1_000_000;
    lagMs = lag;
    if (lag >= thresholdMs) {
      overloaded = true;
      holdUntil = now + HOLD_MS * 1_000_000;
    } else if (lag < thresholdMs / 2 && now - holdUntil >= 0) {
      overloaded = false;
    }
  }

  /** True while new calls should be refused; counts each refusal. */
  public boolean refuseNewCall() {
    if (!overloaded) return false;
    refused++;
    return true;
  }

  public boolean overloaded() { return overloaded; }

  /** The last measured lag of the SIP context, in milliseconds. */
  public long lagMs() { return lagMs; }

  public long refused() { return refused; }

  public void close() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }
}
