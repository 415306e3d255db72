package io.psip.webhook;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters since the verticle started, for metrics and tests. Written on the verticle's context, readable from any
 * thread.
 */
public final class WebhookStats {
  final LongAdder answersOk = new LongAdder();
  final LongAdder answersFailed = new LongAdder();
  final LongAdder answerAttempts = new LongAdder();
  final LongAdder eventsSent = new LongAdder();
  final LongAdder eventsFailed = new LongAdder();
  final LongAdder eventsDropped = new LongAdder();
  final LongAdder eventAttempts = new LongAdder();

  /** Answer requests replied with an NCCO. */
  public long answersOk() { return answersOk.sum(); }

  /** Answer requests replied with a failure (malformed requests included). */
  public long answersFailed() { return answersFailed.sum(); }

  /** HTTP attempts made for answers, fallback included. */
  public long answerAttempts() { return answerAttempts.sum(); }

  /** Events the application acknowledged with 200..205. */
  public long eventsSent() { return eventsSent.sum(); }

  /** Events given up after their attempts. */
  public long eventsFailed() { return eventsFailed.sum(); }

  /** Events with nowhere to go (no event_url) or malformed. */
  public long eventsDropped() { return eventsDropped.sum(); }

  /** HTTP attempts made for events. */
  public long eventAttempts() { return eventAttempts.sum(); }

  public JsonObject toJson() {
    return new JsonObject()
        .put("answers_ok", answersOk()).put("answers_failed", answersFailed()).put("answer_attempts", answerAttempts())
        .put("events_sent", eventsSent()).put("events_failed", eventsFailed()).put("events_dropped", eventsDropped())
        .put("event_attempts", eventAttempts());
  }
}
