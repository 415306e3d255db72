package io.psip.sip.stack.impl;

import io.psip.sip.transaction.impl.TimerHandle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimerWheelTest {
  private static final long MS = 1_000_000L;
  private final long t0 = 5_000 * MS;
  private final TimerWheel wheel = new TimerWheel(t0);
  private final List<String> fired = new ArrayList<>();

  @Test
  void aTimerNeverFiresEarlyAndAtMostOneTickLate() {
    wheel.schedule(t0 + 30 * MS, 32_000, () -> fired.add("M"));
    wheel.advance(t0 + 32_029 * MS);
    assertThat(fired).as("not before 32 s after it was set").isEmpty();
    wheel.advance(t0 + (32_030 + TimerWheel.TICK_MS) * MS);
    assertThat(fired).containsExactly("M");
    assertThat(wheel.live()).isZero();
  }

  @Test
  void aCancelledTimerNeverFiresAndIsNotCounted() {
    TimerHandle b = wheel.schedule(t0, 32_000, () -> fired.add("B"));
    wheel.schedule(t0, 32_000, () -> fired.add("J"));
    assertThat(wheel.live()).isEqualTo(2);
    b.cancel();
    b.cancel();
    assertThat(wheel.live()).isEqualTo(1);
    wheel.advance(t0 + 40_000 * MS);
    assertThat(fired).containsExactly("J");
    assertThat(wheel.live()).isZero();
  }

  @Test
  void timersLongerThanOneTurnWaitForTheirTurn() {
    wheel.schedule(t0, 250_000, () -> fired.add("long"));
    wheel.schedule(t0, 250_000 - 102_400, () -> fired.add("same slot, one turn earlier"));
    wheel.advance(t0 + 150_000 * MS);
    assertThat(fired).containsExactly("same slot, one turn earlier");
    wheel.advance(t0 + 249_000 * MS);
    assertThat(fired).hasSize(1);
    wheel.advance(t0 + 251_000 * MS);
    assertThat(fired).containsExactly("same slot, one turn earlier", "long");
  }

  @Test
  void aTimerSetByAFiringOneRunsLater() {
    wheel.schedule(t0, 2_000, () -> {
      fired.add("first");
      wheel.schedule(t0 + 2_100 * MS, 2_000, () -> fired.add("second"));
    });
    wheel.advance(t0 + 2_100 * MS);
    assertThat(fired).containsExactly("first");
    wheel.advance(t0 + 4_300 * MS);
    assertThat(fired).containsExactly("first", "second");
  }

  @Test
  void aLateLoopCatchesUpEveryTickItMissed() {
    for (int i = 1; i <= 5; i++) {
      int n = i;
      wheel.schedule(t0, i * 2_000L, () -> fired.add("t" + n));
    }
    assertThat(wheel.advance(t0 + 60_000 * MS)).isEqualTo(5);
    assertThat(fired).containsExactly("t1", "t2", "t3", "t4", "t5");
  }

  @Test
  void aFailingTimerDoesNotStopTheOthers() {
    wheel.schedule(t0, 2_000, () -> { throw new IllegalStateException("a bug in one transaction"); });
    wheel.schedule(t0, 2_000, () -> fired.add("next"));
    assertThat(wheel.advance(t0 + 3_000 * MS)).isEqualTo(2);
    assertThat(fired).containsExactly("next");
  }

  @Test
  void clearDropsEverything() {
    wheel.schedule(t0, 3_000, () -> fired.add("x"));
    wheel.clear();
    wheel.advance(t0 + 10_000 * MS);
    assertThat(fired).isEmpty();
    assertThat(wheel.live()).isZero();
  }
}
