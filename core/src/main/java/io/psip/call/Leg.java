package io.psip.call;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;

/**
 * One leg's reported state: what its events say and its record holds. Mutated only on the SIP context, by the
 * admission and the call that own it; {@link #ended()} legs no longer change.
 */
public final class Leg {
  public enum Direction { INBOUND, OUTBOUND }

  /** Vonage's timestamps: ISO 8601 UTC, always with milliseconds ({@code 2020-01-01T12:00:00.000Z}). */
  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final String uuid;
  private final String conversationUuid;
  private final String accountId;
  private final String applicationId;
  private final Direction direction;
  private final String from;
  private final String to;
  private final String endpointType;
  private final Instant startTime;
  private String status = "started";
  private Instant answerTime;
  private Instant endTime;
  private int sipCode;
  private String detail;
  private String disconnectedBy;

  public Leg(String uuid, String conversationUuid, String accountId, String applicationId, Direction direction,
             String from, String to, String endpointType, Instant startTime) {
    this.uuid = uuid;
    this.conversationUuid = conversationUuid;
    this.accountId = accountId;
    this.applicationId = applicationId;
    this.direction = direction;
    this.from = from;
    this.to = to;
    this.endpointType = endpointType;
    this.startTime = startTime.truncatedTo(ChronoUnit.MILLIS);
  }

  public String uuid() { return uuid; }
  public String conversationUuid() { return conversationUuid; }
  public String accountId() { return accountId; }
  public String applicationId() { return applicationId; }
  public Direction direction() { return direction; }
  public String from() { return from; }
  public String to() { return to; }
  public String status() { return status; }
  public boolean answered() { return answerTime != null; }
  public boolean ended() { return endTime != null; }

  public void ringing() { if (!ended()) status = "ringing"; }

  public void answered(Instant at) {
    if (ended() || answered()) return;
    status = "answered";
    answerTime = at.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Ends the leg. {@code status} is {@code completed} for an answered leg, else the reason it never was
   * ({@code busy}, {@code cancelled}, {@code unanswered}, {@code rejected}, {@code failed}).
   */
  public void end(String status, Instant at, int sipCode, String detail, String disconnectedBy) {
    if (ended()) return;
    this.status = status;
    this.endTime = at.truncatedTo(ChronoUnit.MILLIS);
    this.sipCode = sipCode;
    this.detail = detail;
    this.disconnectedBy = disconnectedBy;
  }

  public LegRecord toRecord(String node) {
    return new LegRecord(uuid, conversationUuid, accountId, applicationId, directionText(), from, to,
        endpointType, status, startTime, answerTime, endTime, sipCode, detail, disconnectedBy, node);
  }

  /**
   * The CONTRACT §6 event for the current status, stamped {@code now}. Built for the 5-8 events of every call: the
   * map sized for its fields (a completed event has up to 13, past a default map's resize at 12), timestamps by
   * {@link #timestamp} rather than {@link #TIMESTAMP}, the duration without a {@link LegRecord}.
   */
  public JsonObject event(Instant now) {
    boolean completed = ended() && status.equals("completed");
    JsonObject e = new JsonObject(new LinkedHashMap<>(completed ? 32 : 16))
        .put("uuid", uuid)
        .put("conversation_uuid", conversationUuid)
        .put("from", from)
        .put("to", to)
        .put("direction", directionText())
        .put("status", status)
        .put("timestamp", timestamp(now));
    if (status.equals("answered")) e.put("start_time", timestamp(answerTime));
    if (ended()) {
      if (sipCode > 0) e.put("sip_code", sipCode);
      if (detail != null) e.put("detail", detail);
      if (completed) {
        // LegRecord.durationSeconds: whole seconds between the two times' seconds
        long duration = answerTime == null ? 0 : Math.max(0, endTime.getEpochSecond() - answerTime.getEpochSecond());
        e.put("start_time", answerTime == null ? null : timestamp(answerTime)).put("end_time", timestamp(endTime))
            .put("duration", String.valueOf(duration));
        if (disconnectedBy != null) e.put("disconnected_by", disconnectedBy);
      }
    }
    return e;
  }

  private String directionText() { return direction == Direction.INBOUND ? "inbound" : "outbound"; }

  /**
   * {@link #TIMESTAMP}'s text ({@code 2020-01-01T12:00:00.000Z}, milliseconds truncated) written directly: the
   * formatter's field resolution, ZonedDateTime and StringBuilder were most of an event's cost. Years outside
   * 0001-9999 (never a clock's) go through the formatter, whose sign and width rules then apply.
   */
  static String timestamp(Instant t) {
    long ms;
    try {
      ms = t.toEpochMilli();
    } catch (ArithmeticException e) {
      return TIMESTAMP.format(t);
    }
    long days = Math.floorDiv(ms, 86_400_000L);
    int msOfDay = (int) Math.floorMod(ms, 86_400_000L);
    // civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil, inverted)
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999) return TIMESTAMP.format(t); // "yyyy" is year-of-era: year 0 is 1 BC
    byte[] b = new byte[24];
    digits(b, 0, (int) year, 4);
    b[4] = '-';
    digits(b, 5, month, 2);
    b[7] = '-';
    digits(b, 8, day, 2);
    b[10] = 'T';
    digits(b, 11, msOfDay / 3_600_000, 2);
    b[13] = ':';
    digits(b, 14, msOfDay / 60_000 % 60, 2);
    b[16] = ':';
    digits(b, 17, msOfDay / 1_000 % 60, 2);
    b[19] = '.';
    digits(b, 20, msOfDay % 1_000, 3);
    b[23] = 'Z';
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static void digits(byte[] b, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--, value /= 10) b[i] = (byte) ('0' + value % 10);
  }
}
