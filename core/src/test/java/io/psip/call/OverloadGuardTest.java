package io.psip.call;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overload guard trips when its own loop runs late, or when datagrams keep waiting in the UDP queue, and lets calls in
 * again once the sign has cleared and the hold has passed. The queue's wait is given here as a sequence of probe
 * results; {@link UdpQueueOverloadTest} measures a real stack's.
 */
class OverloadGuardTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aBlockedLoopRefusesNewCallsUntilItCatchesUp() throws Exception {
    var context = vertx.getOrCreateContext();
    CompletableFuture<OverloadGuard> made = new CompletableFuture<>();
    context.runOnContext(v -> made.complete(new OverloadGuard(vertx, 100)));
    OverloadGuard guard = made.get(5, TimeUnit.SECONDS);
    Thread.sleep(100);
    assertThat(guard.overloaded()).as("an idle loop is not overloaded").isFalse();

    // work queued on the loop for 300 ms: the next sample comes ~300 ms late
    context.runOnContext(v -> sleep(300));
    long deadline = System.currentTimeMillis() + 2_000;
    while (!guard.overloaded() && System.currentTimeMillis() < deadline) Thread.sleep(5);
    assertThat(guard.overloaded()).isTrue();
    assertThat(guard.refuseNewCall()).isTrue();
    assertThat(guard.refused()).isEqualTo(1);

    deadline = System.currentTimeMillis() + 3_000;
    while (guard.overloaded() && System.currentTimeMillis() < deadline) Thread.sleep(5);
    assertThat(guard.overloaded()).as("admits again once the lag is back under half the threshold").isFalse();
    assertThat(guard.refuseNewCall()).isFalse();
    context.runOnContext(v -> guard.close());
  }

  @Test
  void aQueueLateOnTwoProbesInARowTripsTheGuardAndHalfTheThresholdClearsIt() throws Exception {
    AtomicLong wait = new AtomicLong(400);
    AtomicInteger probes = new AtomicInteger();
    // late on every other probe only: a burst behind a pause, never two in a row
    OverloadGuard guard = new OverloadGuard(vertx, 0, () -> probes.incrementAndGet() % 2 == 0 ? wait.get() : 0, 250);
    try {
      awaitProbes(probes, 8);
      assertThat(guard.overloaded()).as("one late probe between prompt ones").isFalse();
      assertThat(guard.udpQueueMs()).isIn(0L, 400L);

      OverloadGuard steady = new OverloadGuard(vertx, 0, wait::get, 250);
      try {
        long deadline = System.currentTimeMillis() + 2_000;
        while (!steady.overloaded() && System.currentTimeMillis() < deadline) Thread.sleep(5);
        assertThat(steady.overloaded()).as("late on two probes in a row").isTrue();
        assertThat(steady.udpQueueMs()).isEqualTo(400);

        wait.set(200); // under the threshold but over half of it: still draining, the door stays shut
        Thread.sleep(OverloadGuard.HOLD_MS + 4 * OverloadGuard.PROBE_MS);
        assertThat(steady.overloaded()).as("200 ms with a 250 ms threshold: not drained enough").isTrue();

        wait.set(20);
        long cleared = System.currentTimeMillis() + 3_000;
        while (steady.overloaded() && System.currentTimeMillis() < cleared) Thread.sleep(5);
        assertThat(steady.overloaded()).as("under half the threshold after the hold").isFalse();
      } finally {
        steady.close();
      }
    } finally {
      guard.close();
    }
  }

  @Test
  void aProbeThatFailsOrCannotMeasureNeverTrips() throws Exception {
    AtomicInteger probes = new AtomicInteger();
    OverloadGuard guard = new OverloadGuard(vertx, 0, () -> {
      if (probes.incrementAndGet() % 2 == 0) throw new IllegalStateException("no socket");
      return -1;
    }, 250);
    try {
      awaitProbes(probes, 6);
      assertThat(guard.overloaded()).isFalse();
      assertThat(guard.udpQueueMs()).isEqualTo(-1);
    } finally {
      guard.close();
    }
  }

  private static void awaitProbes(AtomicInteger probes, int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (probes.get() < n && System.currentTimeMillis() < deadline) Thread.sleep(10);
    assertThat(probes.get()).isGreaterThanOrEqualTo(n);
  }

  @Test
  void zeroTurnsTheGuardOff() throws Exception {
    OverloadGuard guard = new OverloadGuard(vertx, 0);
    assertThat(guard.refuseNewCall()).isFalse();
    guard.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
