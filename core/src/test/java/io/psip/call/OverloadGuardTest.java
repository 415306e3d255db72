package io.psip.call;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The overload guard trips when its own loop runs late and lets calls in again once the loop has caught up. */
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
