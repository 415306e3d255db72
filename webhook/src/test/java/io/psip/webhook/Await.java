package io.psip.webhook;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

/** Blocks the test thread (never an event loop) on a future. */
final class Await {
  private Await() {}

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not succeed: " + e, e);
    }
  }
}
