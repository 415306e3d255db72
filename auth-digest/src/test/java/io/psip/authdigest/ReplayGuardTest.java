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

  @Test
  void aBusyNodesNoncesFitAndEachKeepsItsOwnCount() {
    // 1,500 challenged calls/s for a 300 s lifetime: 450,000 nonces in use at once (the old 100,000 cap refused
    // the 100,001st with a fresh challenge, which B2 at 1,250 calls/s reached after 80 s)
    ReplayGuard busy = new ReplayGuard(clock, Duration.ofSeconds(300), ReplayGuard.DEFAULT_CAPACITY);
    for (int i = 0; i < 450_000; i++) assertThat(busy.check("nonce-" + i, 1)).isEqualTo(ACCEPTED);
    assertThat(busy.size()).isEqualTo(450_000);
    for (int i = 0; i < 450_000; i += 997) {
      assertThat(busy.check("nonce-" + i, 1)).isEqualTo(REPLAYED);
      assertThat(busy.check("nonce-" + i, 2)).isEqualTo(ACCEPTED);
    }
    assertThat(busy.check("nonce-x", 0xffff_ffffL)).as("the largest nc (8 hex digits)").isEqualTo(ACCEPTED);
    assertThat(busy.check("nonce-x", 0xffff_ffffL)).isEqualTo(REPLAYED);
  }
}
