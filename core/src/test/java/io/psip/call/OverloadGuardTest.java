package io.psip.call;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overload guard trips when its own loop runs late, or when requests arrive retransmitted, and lets calls in
 * again once neither is seen.
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
  void requestsArrivingRetransmittedRefuseNewCallsWhileTheLoopIsOnTime() throws Exception {
    var counters = new java.util.concurrent.atomic.AtomicReference<>(stats(0, 0));
    var context = vertx.getOrCreateContext();
    CompletableFuture<OverloadGuard> made = new CompletableFuture<>();
    context.runOnContext(v -> made.complete(new OverloadGuard(vertx, 10_000, counters::get)));
    OverloadGuard guard = made.get(5, TimeUnit.SECONDS);

    // a lossy but healthy second: 1,000 messages, 10 retransmitted (1%): not overload
    counters.set(stats(1_000, 10));
    Thread.sleep(2_200);
    assertThat(guard.overloaded()).as("1% retransmitted is loss, not overload").isFalse();

    // a second in which 400 of 2,000 messages were retransmissions: answers waited T1 in a queue
    counters.set(stats(3_000, 410));
    long deadline = System.currentTimeMillis() + 2_500;
    while (!guard.overloaded() && System.currentTimeMillis() < deadline) Thread.sleep(5);
    assertThat(guard.overloaded()).isTrue();
    assertThat(guard.lagMs()).as("the loop itself is on time").isLessThan(10_000);

    // no retransmission since: admits again after the hold
    deadline = System.currentTimeMillis() + 3_500;
    while (guard.overloaded() && System.currentTimeMillis() < deadline) Thread.sleep(5);
    assertThat(guard.overloaded()).isFalse();
    context.runOnContext(v -> guard.close());
  }

  private static io.psip.sip.stack.SipStack.SipStackStats stats(long received, long retransmitted) {
    return new io.psip.sip.stack.SipStack.SipStackStats(0, 0, 0, 0, 0, received, 0, retransmitted);
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
