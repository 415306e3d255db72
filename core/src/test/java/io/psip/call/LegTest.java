package io.psip.call;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LegTest {
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  private static Leg leg() {
    return new Leg("u1", "CON-c1", "acct", "app", Leg.Direction.OUTBOUND, "447700900001", "sip:bob@example.com", "sip", T0);
  }

  @Test
  void timestampsAlwaysCarryMilliseconds() {
    JsonObject e = leg().event(T0);
    assertThat(e.getString("timestamp")).isEqualTo("2026-01-01T12:00:00.000Z");
    assertThat(e.getString("status")).isEqualTo("started");
    assertThat(e.getString("direction")).isEqualTo("outbound");
  }

  @Test
  void completedCarriesDurationSipCodeAndWhoHungUp() {
    Leg leg = leg();
    leg.ringing();
    leg.answered(T0.plusSeconds(2));
    leg.end("completed", T0.plusMillis(9_500), 200, null, "user");
    leg.ringing(); // an ended leg no longer changes
    JsonObject e = leg.event(T0.plusSeconds(10));
    assertThat(e.getString("status")).isEqualTo("completed");
    assertThat(e.getString("duration")).isEqualTo("7");
    assertThat(e.getInteger("sip_code")).isEqualTo(200);
    assertThat(e.getString("disconnected_by")).isEqualTo("user");
    assertThat(e.getString("start_time")).isEqualTo("2026-01-01T12:00:02.000Z");
    assertThat(e.getString("end_time")).isEqualTo("2026-01-01T12:00:09.500Z");
    LegRecord r = leg.toRecord("local");
    assertThat(r.durationSeconds()).isEqualTo(7);
    assertThat(r.ended()).isTrue();
    assertThat(r.direction()).isEqualTo("outbound");
  }

  @Test
  void aFailedLegCarriesItsDetailAndNoDuration() {
    Leg leg = leg();
    leg.end("busy", T0.plusSeconds(1), 486, null, null);
    JsonObject e = leg.event(T0.plusSeconds(1));
    assertThat(e.getString("status")).isEqualTo("busy");
    assertThat(e.getInteger("sip_code")).isEqualTo(486);
    assertThat(e.containsKey("duration")).isFalse();
    assertThat(leg.answered()).isFalse();
  }
}
