package io.psip.call;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The caps: per node and per account, released exactly once. */
class CallRegistryTest {
  private static Leg leg(String uuid, String account) {
    return new Leg(uuid, "CON-" + uuid, account, "app", Leg.Direction.INBOUND, "a", "b", "sip", Instant.EPOCH);
  }

  @Test
  void anAccountAtItsCapIsRefusedWhileOthersGoOn() {
    CallRegistry r = new CallRegistry(10, 2);
    assertThat(r.reserve(leg("1", "acme"))).isNull();
    assertThat(r.reserve(leg("2", "acme"))).isNull();
    assertThat(r.reserve(leg("3", "acme"))).contains("account acme has its maximum of 2 concurrent calls");
    assertThat(r.reserve(leg("4", "other"))).isNull();
    assertThat(r.activeCalls("acme")).isEqualTo(2);
    r.release(leg("1", "acme"));
    assertThat(r.reserve(leg("5", "acme"))).isNull();
  }

  @Test
  void theNodeCapCountsEveryAccount() {
    CallRegistry r = new CallRegistry(2, 100);
    assertThat(r.reserve(leg("1", "a"))).isNull();
    assertThat(r.reserve(leg("2", "b"))).isNull();
    assertThat(r.reserve(leg("3", "c"))).contains("maximum of 2 calls");
    assertThat(r.activeCalls()).isEqualTo(2);
  }

  @Test
  void releasingTwiceOrAnUnknownLegChangesNothing() {
    CallRegistry r = new CallRegistry(10, 10);
    Leg one = leg("1", "acme");
    r.reserve(one);
    r.reserve(leg("2", "acme"));
    r.release(one);
    r.release(one);
    r.release(leg("never", "acme"));
    assertThat(r.activeCalls()).isEqualTo(1);
    assertThat(r.activeCalls("acme")).isEqualTo(1);
  }

  @Test
  void aRefusedReservationTakesNothing() {
    CallRegistry r = new CallRegistry(1, 1);
    r.reserve(leg("1", "acme"));
    assertThat(r.reserve(leg("2", "acme"))).isNotNull();
    r.release(leg("2", "acme"));
    assertThat(r.activeCalls()).isEqualTo(1);
  }
}
