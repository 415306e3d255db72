package io.psip.authdigest;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.psip.authdigest.ReplayGuard.Outcome.ACCEPTED;
import static io.psip.authdigest.ReplayGuard.Outcome.FULL;
import static io.psip.authdigest.ReplayGuard.Outcome.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;

class ReplayGuardTest {
  private final FakeClock clock = new FakeClock();
  private final ReplayGuard guard = new ReplayGuard(clock, Duration.ofSeconds(300), 3);

  @Test
  void increasingCountsPassReplayedAndDecreasingOnesDoNot() {
    assertThat(guard.check("n1", 1)).isEqualTo(ACCEPTED);
    assertThat(guard.check("n1", 1)).isEqualTo(REPLAYED);
    assertThat(guard.check("n1", 2)).isEqualTo(ACCEPTED);
    assertThat(guard.check("n1", 5)).isEqualTo(ACCEPTED);
    assertThat(guard.check("n1", 4)).isEqualTo(REPLAYED);
    assertThat(guard.check("n1", 5)).isEqualTo(REPLAYED);
    assertThat(guard.check("n2", 1)).as("counts are per nonce").isEqualTo(ACCEPTED);
  }

  @Test
  void boundedMemoryExpiredEntriesMakeRoomLiveOnesAreNeverEvicted() {
    assertThat(guard.check("n1", 1)).isEqualTo(ACCEPTED);
    assertThat(guard.check("n2", 1)).isEqualTo(ACCEPTED);
    clock.advance(Duration.ofSeconds(200));
    assertThat(guard.check("n3", 1)).isEqualTo(ACCEPTED);
    assertThat(guard.check("n4", 1)).as("full of live nonces").isEqualTo(FULL);
    assertThat(guard.check("n1", 1)).as("a known nonce still gets its answer when full").isEqualTo(REPLAYED);
    assertThat(guard.size()).isEqualTo(3);
    clock.advance(Duration.ofSeconds(101));
    assertThat(guard.check("n4", 1)).isEqualTo(ACCEPTED);
    assertThat(guard.size()).as("n1 and n2 expired and were purged").isEqualTo(2);
  }

  @Test
  void purgeDropsOnlyExpired() {
    guard.check("n1", 1);
    clock.advance(Duration.ofSeconds(299));
    guard.check("n2", 1);
    clock.advance(Duration.ofSeconds(1));
    guard.purgeExpired();
    assertThat(guard.size()).isEqualTo(1);
    assertThat(guard.check("n2", 1)).isEqualTo(REPLAYED);
  }
}
