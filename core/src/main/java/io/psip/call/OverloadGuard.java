package io.psip.call;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tells when the SIP node is overloaded, so new calls are refused with 503 + Retry-After (RFC 3261 §21.5.4) and the
 * calls already admitted keep their timers, instead of every call timing out together. Two signs, either trips it:
 * <ul>
 *   <li><b>loop lag</b> — how late the SIP context's own periodic timer fires (work queued behind the loop), at or
 *       past {@code lagThresholdMs}; clear again under half of it.</li>
 *   <li><b>UDP queue</b> — how long a datagram waits in the SIP socket's queue before the stack reads it
 *       ({@code SipStack.udpQueueWaitMs}: a probe datagram the stack sends itself), at or past
 *       {@code queueThresholdMs} on two probes in a row ({@value #PROBE_MS} ms apart); clear again under half of it.
 *       Netty reads datagrams in batches between tasks, so the loop can stay on time while seconds of datagrams queue
 *       in a large buffer and every UAC retransmits: this sign sees that queue. Refusing is cheap (no webhook, no
 *       database), so the queue drains fast once it trips. It is probed from a thread of its own, so it trips even
 *       while the loop is busy, and the requests that waited in the queue are the ones refused.</li>
 * </ul>
 * A sign, once tripped, refuses new calls at least {@value #HOLD_MS} ms after its last bad sample. One WARN is logged
 * when a sign trips and one INFO when it clears. The lag is sampled on the context that creates the guard.
 */
public final class OverloadGuard {
  private static final Logger log = LoggerFactory.getLogger(OverloadGuard.class);
  /** How often the lag is sampled. */
  public static final long PERIOD_MS = 20;
  /** How often the UDP queue is probed. */
  public static final long PROBE_MS = 100;
  /** Once tripped, new calls are refused at least this long: a late timer's catch-up run must not reopen the door. */
  public static final long HOLD_MS = 1_000;

  private final Vertx vertx;
  private final long lagThresholdMs;
  private final LongSupplier queueWaitMs;
  private final long queueThresholdMs;
  private final long timer;
  private final ScheduledExecutorService prober;
  private long expected;
  private volatile long lagMs;
  private volatile long queueMs = -1;
  private volatile long refused;
  private final Sign lag = new Sign("the SIP event loop runs late");
  private final Sign queue = new Sign("requests wait in the UDP socket's queue before they are read");
  private int lateProbes;

  /** A guard on the loop's lag only. @param lagThresholdMs lag at which new calls are refused; 0 = never */
  public OverloadGuard(Vertx vertx, long lagThresholdMs) {
    this(vertx, lagThresholdMs, () -> -1, 0);
  }

  /**
   * @param lagThresholdMs   loop lag at which new calls are refused; 0 = never
   * @param queueWaitMs      how long a datagram waits before the stack reads it, or -1 if unknown; called from the
   *                         guard's own thread, every {@value #PROBE_MS} ms
   * @param queueThresholdMs that wait at which new calls are refused; 0 = never
   */
  public OverloadGuard(Vertx vertx, long lagThresholdMs, LongSupplier queueWaitMs, long queueThresholdMs) {
    this.vertx = vertx;
    this.lagThresholdMs = lagThresholdMs;
    this.queueWaitMs = queueWaitMs;
    this.queueThresholdMs = queueThresholdMs;
    this.expected = System.nanoTime() + PERIOD_MS * 1_000_000;
    this.timer = lagThresholdMs > 0 ? vertx.setPeriodic(PERIOD_MS, id -> sampleLag()) : -1;
    if (queueThresholdMs > 0) {
      prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "psip-udp-queue-probe");
        t.setDaemon(true);
        return t;
      });
      prober.scheduleWithFixedDelay(this::probeQueue, PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS);
    } else {
      prober = null;
    }
  }

  private void sampleLag() {
    long now = System.nanoTime();
    long late = Math.max(0, (now - expected) / 1_000_000);
    expected = now + PERIOD_MS * 1_000_000;
    lagMs = late;
    if (late >= lagThresholdMs) {
      lag.bad(now, late + " ms (sip.overload_lag_ms " + lagThresholdMs + ")");
    } else if (late < lagThresholdMs / 2) {
      lag.good(now);
    }
  }

  private void probeQueue() {
    long wait;
    try {
      wait = queueWaitMs.getAsLong();
    } catch (RuntimeException e) {
      wait = -1;
    }
    queueMs = wait;
    long now = System.nanoTime();
    lateProbes = wait >= queueThresholdMs ? lateProbes + 1 : 0;
    if (lateProbes >= 2) {
      queue.bad(now, wait + " ms (sip.overload_queue_ms " + queueThresholdMs + ")");
    } else if (wait < queueThresholdMs / 2) { // -1 (not measured) included
      queue.good(now);
    }
  }

  /** One sign's state, written by one thread only (the loop for lag, the prober for the queue). */
  private final class Sign {
    private final String what;
    private volatile boolean tripped;
    private long holdUntil;
    private long refusedAtTrip;

    Sign(String what) { this.what = what; }

    void bad(long now, String measured) {
      holdUntil = now + HOLD_MS * 1_000_000;
      if (tripped) return;
      tripped = true;
      refusedAtTrip = refused;
      log.warn("overloaded: {}: {}; new calls get 503 + Retry-After until it recovers", what, measured);
    }

    void good(long now) {
      if (!tripped || now - holdUntil < 0) return;
      tripped = false;
      log.info("overload over ({} no more): admitting new calls again; {} refused with 503 meanwhile", what,
          refused - refusedAtTrip);
    }
  }

  /** True while new calls should be refused; counts each refusal. Call on the SIP context. */
  public boolean refuseNewCall() {
    if (!overloaded()) return false;
    refused++;
    return true;
  }

  public boolean overloaded() { return lag.tripped || queue.tripped; }

  /** The last measured lag of the SIP context, in milliseconds. */
  public long lagMs() { return lagMs; }

  /** How long a datagram last waited before the stack read it, in milliseconds, or -1 when not measured. */
  public long udpQueueMs() { return queueMs; }

  public long refused() { return refused; }

  public void close() {
    if (timer >= 0) vertx.cancelTimer(timer);
    if (prober != null) prober.shutdownNow();
  }
}
