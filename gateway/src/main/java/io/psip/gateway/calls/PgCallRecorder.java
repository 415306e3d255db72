package io.psip.gateway.calls;

import io.psip.call.CallRecorder;
import io.psip.call.LegRecord;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.templates.SqlTemplate;
import io.vertx.sqlclient.templates.TupleMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records legs in the {@code calls} table: every {@link #record} is one upsert by uuid (one pooled, prepared
 * statement), sent at once and never waited for; a write that fails is logged (WARN, the leg's uuid and the reason)
 * and dropped, the call goes on.
 *
 * <p>Writes of one leg may reach the database out of order (the pool runs them on several connections), so the
 * statement itself keeps the order: an ended leg is never moved back to an open status, and an open one only moves
 * forwards (started, ringing, answered). Only an end the gateway inferred ({@link CallRecords#INFERRED_END}) gives
 * way to any report of the leg's node.
 */
public final class PgCallRecorder implements CallRecorder {
  private static final Logger log = LoggerFactory.getLogger(PgCallRecorder.class);

  static final String UPSERT = """
      INSERT INTO calls (uuid, conversation_uuid, account_id, application_id, direction, from_party, to_party,
                         endpoint_type, status, start_time, answer_time, end_time, duration, sip_code, detail,
                         disconnected_by, node)
      VALUES (#{uuid}, #{conversation_uuid}, #{account_id}, #{application_id}, #{direction}, #{from}, #{to},
              #{endpoint_type}, #{status}, #{start_time}, #{answer_time}, #{end_time}, #{duration}, #{sip_code},
              #{detail}, #{disconnected_by}, #{node})
      ON CONFLICT (uuid) DO UPDATE SET
        application_id = EXCLUDED.application_id, direction = EXCLUDED.direction,
        from_party = EXCLUDED.from_party, to_party = EXCLUDED.to_party, endpoint_type = EXCLUDED.endpoint_type,
        status = EXCLUDED.status, answer_time = COALESCE(EXCLUDED.answer_time, calls.answer_time),
        end_time = EXCLUDED.end_time, duration = EXCLUDED.duration, sip_code = EXCLUDED.sip_code,
        detail = EXCLUDED.detail, disconnected_by = EXCLUDED.disconnected_by, node = EXCLUDED.node,
        inferred = false, updated_at = now()
      WHERE calls.inferred
         OR (calls.end_time IS NULL
             AND (EXCLUDED.end_time IS NOT NULL
                  OR COALESCE(array_position(ARRAY['started', 'ringing', 'answered'], EXCLUDED.status), 0)
                     >= COALESCE(array_position(ARRAY['started', 'ringing', 'answered'], calls.status), 0)))""";

  private static final TupleMapper<LegRecord> PARAMS = TupleMapper.mapper(PgCallRecorder::params);

  private final SqlTemplate<LegRecord, SqlResult<Void>> upsert;

  public PgCallRecorder(Pool pool) { this.upsert = SqlTemplate.forUpdate(pool, UPSERT).mapFrom(PARAMS); }

  /** Writes the leg in the background; never throws, never fails the call. */
  @Override
  public void record(LegRecord leg) {
    try {
      write(leg);
    } catch (RuntimeException e) {
      log.warn("call record not written: {}", e.toString()); // write() does not throw; this is a last guard
    }
  }

  /**
   * Writes the leg: {@code true} when the row was written, {@code false} when the write came too late to apply (the
   * leg had already ended, or moved past this status). A failure is logged here already.
   */
  public Future<Boolean> write(LegRecord leg) {
    Future<SqlResult<Void>> sent;
    try {
      sent = upsert.execute(leg);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    String uuid = leg == null ? null : leg.uuid();
    String status = leg == null ? null : leg.status();
    return sent.map(r -> r.rowCount() > 0)
        .onSuccess(applied -> {
          if (!applied) log.debug("call record {} ({}) came after a later status: ignored", uuid, status);
        })
        .onFailure(e -> log.warn("call record {} ({}) not written: {}", uuid, status, reason(e)));
  }

  /**
   * Writes several legs in one round trip and one transaction (a batch of the prepared upsert: one commit, so one
   * WAL flush, for the lot). Fails as a whole; the caller logs and drops it.
   */
  public Future<Void> writeBatch(List<LegRecord> legs) {
    if (legs.isEmpty()) return Future.succeededFuture();
    try {
      return upsert.executeBatch(legs).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Map<String, Object> params(LegRecord leg) {
    Map<String, Object> p = new HashMap<>(); // several values may be null: Map.of refuses them
    p.put("uuid", leg.uuid());
    p.put("conversation_uuid", leg.conversationUuid());
    p.put("account_id", leg.accountId());
    p.put("application_id", leg.applicationId());
    p.put("direction", leg.direction());
    p.put("from", leg.from());
    p.put("to", leg.to());
    p.put("endpoint_type", leg.endpointType());
    p.put("status", leg.status());
    p.put("start_time", utc(leg.startTime()));
    p.put("answer_time", utc(leg.answerTime()));
    p.put("end_time", utc(leg.endTime()));
    p.put("duration", (int) Math.min(Integer.MAX_VALUE, leg.durationSeconds()));
    p.put("sip_code", leg.sipCode());
    p.put("detail", leg.detail());
    p.put("disconnected_by", leg.disconnectedBy());
    p.put("node", leg.node());
    return p;
  }

  private static OffsetDateTime utc(Instant t) { return t == null ? null : t.atOffset(ZoneOffset.UTC); }

  /** The first line of the failure: never a value of the record beyond what the database names. */
  static String reason(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) return e.getClass().getSimpleName();
    return m.lines().findFirst().orElse(m);
  }
}
