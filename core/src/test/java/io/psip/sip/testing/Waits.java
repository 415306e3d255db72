package io.psip.sip.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling waits with a deadline: tests wait for conditions, never for fixed times when a condition exists. */
public final class Waits {
  private Waits() {}

  public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError(failure.get() + " (waited " + timeout.toMillis() + " ms)");
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  public static void until(BooleanSupplier condition, Duration timeout, String failure) {
    until(condition, timeout, () -> failure);
  }
}
