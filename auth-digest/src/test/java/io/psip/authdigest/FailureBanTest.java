package io.psip.authdigest;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FailureBanTest {
  private final FakeClock clock = new FakeClock();
  private final FailureBan ban = new FailureBan(clock);

  @Test
  void tenFailuresWithinSixtySecondsBanForThreeHundred() {
    for (int i = 0; i < 9; i++) {
      assertThat(ban.recordFailure("192.0.2.1")).isFalse();
      clock.advance(Duration.ofSeconds(6));
    }
    clock.advance(Duration.ofSeconds(-6));
    assertThat(ban.isBanned("192.0.2.1")).isFalse();
    clock.advance(Duration.ofMillis(5999)); // failures at 0, 6, …, 48 s; clock at 54 s: the 10th at 59.999 s
    assertThat(ban.recordFailure("192.0.2.1")).isTrue();
    assertThat(ban.isBanned("192.0.2.1")).isTrue();
    assertThat(ban.isBanned("192.0.2.2")).as("other sources unaffected").isFalse();
    assertThat(ban.bansIssued()).isEqualTo(1);
    assertThat(ban.bannedCount()).isEqualTo(1);
    assertThat(ban.failuresRecorded()).isEqualTo(10);

    assertThat(ban.recordFailure("192.0.2.1")).as("a running ban is not re-announced").isFalse();
    clock.advance(Duration.ofSeconds(300).minusMillis(1));
    assertThat(ban.isBanned("192.0.2.1")).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(ban.isBanned("192.0.2.1")).isFalse();
    assertThat(ban.bannedCount()).isZero();
    assertThat(ban.recordFailure("192.0.2.1")).as("a fresh count after the ban").isFalse();
  }

  @Test
  void failuresSpreadOverMoreThanTheWindowDoNotBan() {
    for (int i = 0; i < 30; i++) {
      assertThat(ban.recordFailure("192.0.2.1")).isFalse();
      clock.advance(Duration.ofMillis(6667)); // 10 failures span 60.003 s
    }
    assertThat(ban.isBanned("192.0.2.1")).isFalse();
  }

  @Test
  void slidingNotFixedWindow() {
    clock.advance(Duration.ofSeconds(50));
    for (int i = 0; i < 5; i++) ban.recordFailure("s");
    clock.advance(Duration.ofSeconds(20)); // a fixed 0–60 s window would have reset here
    for (int i = 0; i < 4; i++) ban.recordFailure("s");
    assertThat(ban.recordFailure("s")).isTrue();
  }

  @Test
  void configurable() {
    FailureBan strict = new FailureBan(clock, 2, Duration.ofSeconds(10), Duration.ofSeconds(5), 100);
    strict.recordFailure("s");
    assertThat(strict.recordFailure("s")).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(strict.isBanned("s")).isFalse();
  }

  @Test
  void boundedMemoryKeepsBans() {
    FailureBan small = new FailureBan(clock, 2, Duration.ofSeconds(60), Duration.ofSeconds(300), 2);
    small.recordFailure("a");
    small.recordFailure("a"); // banned
    small.recordFailure("b");
    small.recordFailure("c");
    assertThat(small.untrackedFailures()).as("full of live sources").isEqualTo(1);
    assertThat(small.trackedSources()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(61));
    small.recordFailure("c");
    assertThat(small.trackedSources()).as("b purged, the ban on a kept").isEqualTo(2);
    assertThat(small.isBanned("a")).isTrue();
  }
}
