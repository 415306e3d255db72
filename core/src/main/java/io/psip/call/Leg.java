package io.psip.call;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

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
    return new LegRecord(uuid, conversationUuid, accountId, applicationId, direction.name().toLowerCase(), from, to,
        endpointType, status, startTime, answerTime, endTime, sipCode, detail, disconnectedBy, node);
  }

  /** The CONTRACT §6 event for the current status, stamped {@code now}. */
  public JsonObject event(Instant now) {
    JsonObject e = new JsonObject()
        .put("uuid", uuid)
        .put("conversation_uuid", conversationUuid)
        .put("from", from)
        .put("to", to)
        .put("direction", direction.name().toLowerCase())
        .put("status", status)
        .put("timestamp", TIMESTAMP.format(now));
    if (status.equals("answered")) e.put("start_time", TIMESTAMP.format(answerTime));
    if (ended()) {
      if (sipCode > 0) e.put("sip_code", sipCode);
      if (detail != null) e.put("detail", detail);
      if (status.equals("completed")) {
        e.put("start_time", answerTime == null ? null : TIMESTAMP.format(answerTime)).put("end_time", TIMESTAMP.format(endTime))
            .put("duration", String.valueOf(toRecord(null).durationSeconds()));
        if (disconnectedBy != null) e.put("disconnected_by", disconnectedBy);
      }
    }
    return e;
  }
}
