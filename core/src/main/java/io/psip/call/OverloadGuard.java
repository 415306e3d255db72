package io.psip.call;

import io.psip.sip.stack.SipStack;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Tells when the SIP context is overloaded, by two signs. Its own periodic timer fires late (event-loop lag: work
 * queued behind the loop). Or requests arrive retransmitted — more than {@value #RETRANSMITTED_PERCENT}% of the
 * requests of a second, and at least {@value #RETRANSMITTED_MIN}: since psip answers every INVITE with 100 at once
 * (RFC 3261 §17.2.1), a retransmission means the request or its answer waited T1 (500 ms) somewhere, typically in
 * the socket's receive buffer, which the loop's lag does not show (a large SO_RCVBUF holds seconds of datagrams;
 * bench B7 had INVITE→200 p50 at 1.7 s with the loop on time). Either way new calls are refused with 503 +
 * Retry-After (RFC 3261 §21.5.4) so the calls already admitted keep their timers and the node recovers, instead of
 * every call timing out together; it admits again once neither sign is present and {@value #HOLD_MS} ms have passed
 * since the last one. Runs on the context that creates it.
 */
public final class OverloadGuard {
  /** How often the lag is sampled. */
  public static final long PERIOD_MS = 20;
  /** Once tripped, new calls are refused at least this long: a late timer's catch-up run must not reopen the door. */
  public static final long HOLD_MS = 1_000;
  /** Retransmitted requests, as a share of all messages received in a window, that count as overload. */
  public static final int RETRANSMITTED_PERCENT = 5;
  /** ...and at least this many in the window: a few lost datagrams on a quiet node are not overload. */
  public static final int RETRANSMITTED_MIN = 20;
  /** Samples per retransmission window (1 s). */
  static final int WINDOW_SAMPLES = (int) (1_000 / PERIOD_MS);

  private final Vertx vertx;
  private final long thresholdMs;
  private final long timer;
  private long expected;
  private volatile boolean overloaded;
  private volatile long lagMs;
  private long refused;
  private long holdUntil;
  private final Supplier<SipStack.SipStackStats> stats;
  private int samples;
  private long windowReceived;
  private long windowRetransmitted;

  /** @param thresholdMs lag at which new calls are refused; 0 turns the guard off */
  public OverloadGuard(Vertx vertx, long thresholdMs) {
    this(vertx, thresholdMs, null);
  }

  /**
   * @param thresholdMs lag at which new calls are refused; 0 turns the guard off (both signs)
   * @param stats       the stack's counters, read on this context, for the retransmission sign (null: lag only)
   */
  public OverloadGuard(Vertx vertx, long thresholdMs, Supplier<SipStack.SipStackStats> stats) {
    this.vertx = vertx;
    this.thresholdMs = thresholdMs;
    this.stats = stats;
    this.expected = System.nanoTime() + PERIOD_MS * 1_000_000;
    this.timer = thresholdMs > 0 ? vertx.setPeriodic(PERIOD_MS, id -> sample()) : -1;
  }

  private void sample() {
    long now = System.nanoTime();
    long lag = Math.max(0, (now - expected) / 1_000_000);
    expected = now + PERIOD_MS * 1_000_000;
    lagMs = lag;
    if (lag >= thresholdMs || retransmitting()) {
      overloaded = true;
      holdUntil = now + HOLD_MS * 1_000_000;
    } else if (lag < thresholdMs / 2 && now - holdUntil >= 0) {
      overloaded = false;
    }
  }

  /** True at the end of a window in which too many requests arrived retransmitted. */
  private boolean retransmitting() {
    if (stats == null || ++samples < WINDOW_SAMPLES) return false;
    samples = 0;
    SipStack.SipStackStats s = stats.get();
    long received = s.receivedMessages() - windowReceived;
    long retransmitted = s.retransmissionsAbsorbed() - windowRetransmitted;
    windowReceived = s.receivedMessages();
    windowRetransmitted = s.retransmissionsAbsorbed();
    return retransmitted >= RETRANSMITTED_MIN && retransmitted * 100 >= received * RETRANSMITTED_PERCENT;
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
