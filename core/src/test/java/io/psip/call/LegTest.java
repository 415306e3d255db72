package io.psip.call;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

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

  @Test
  void timestampIsTheFormattersText() {
    List<Instant> edges = List.of(Instant.EPOCH, Instant.EPOCH.minusNanos(1), Instant.parse("2024-02-29T23:59:59.999999999Z"),
        Instant.parse("2000-03-01T00:00:00.001Z"), Instant.parse("1900-02-28T12:34:56.789Z"),
        Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"));
    for (Instant t : edges) assertThat(Leg.timestamp(t)).as("%s", t).isEqualTo(Leg.TIMESTAMP.format(t));
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) { // 1900..2100, every part of a day and a millisecond
      Instant t = Instant.ofEpochSecond(random.nextLong(-2_208_988_800L, 4_102_444_800L), random.nextInt(1_000_000_000));
      assertThat(Leg.timestamp(t)).isEqualTo(Leg.TIMESTAMP.format(t));
    }
  }

  @Test
  void eventsHaveTheirFieldsInOrder() {
    Leg leg = leg();
    leg.answered(T0.plusMillis(1_234));
    leg.end("completed", T0.plusMillis(61_000), 200, "ok", "user");
    assertThat(leg.event(T0.plusMillis(61_001)).encode()).isEqualTo("{\"uuid\":\"u1\",\"conversation_uuid\":\"CON-c1\","
        + "\"from\":\"447700900001\",\"to\":\"sip:bob@example.com\",\"direction\":\"outbound\",\"status\":\"completed\","
        + "\"timestamp\":\"2026-01-01T12:01:01.001Z\",\"sip_code\":200,\"detail\":\"ok\","
        + "\"start_time\":\"2026-01-01T12:00:01.234Z\",\"end_time\":\"2026-01-01T12:01:01.000Z\",\"duration\":\"60\","
        + "\"disconnected_by\":\"user\"}");
  }
}
