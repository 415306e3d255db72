package io.psip.gateway.directory;

import io.psip.directory.Directory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits (at most 10 s) for a directory to reach a state, re-checking after every change it applies: no polling. */
public final class DirectoryAwait {
  private DirectoryAwait() {}

  public static void awaitDirectory(Directory directory, BooleanSupplier condition) throws Exception {
    CompletableFuture<Void> met = new CompletableFuture<>();
    // listeners cannot be removed: once met (or given up), this one goes quiet
    directory.addListener(() -> {
      if (!met.isDone() && holds(condition)) met.complete(null);
    });
    if (holds(condition)) met.complete(null);
    try {
      met.get(10, TimeUnit.SECONDS);
    } finally {
      met.cancel(false);
    }
  }

  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) {
      return false; // say an entry it dereferences is not there (yet, or any more)
    }
  }
}
