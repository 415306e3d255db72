package io.psip.webhook;

import io.psip.bus.AnswerReply;
import io.psip.bus.AnswerRequest;
import io.psip.bus.CallEvent;
import io.psip.bus.WebhookAddresses;
import io.psip.directory.Directory;
import io.psip.webhook.impl.EventResult;
import io.psip.webhook.impl.WebhookClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Calls applications over HTTP for the SIP path: answers {@link WebhookAddresses#ANSWER} requests with an
 * {@link AnswerReply}, delivers {@link WebhookAddresses#EVENT}s in order per call, and answers
 * {@link WebhookAddresses#EVENT_NCCO} requests with the NCCO an event's answer carries, if any. Messages are JSON, so the SIP verticle may run on
 * another node. Every request gets a reply, malformed ones included, and nothing a handler meets is thrown onto the
 * event loop: a caller waiting for an answer must never be left to its own timeout.
 */
public final class WebhookVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(WebhookVerticle.class);
  /** The event replies, one object each: the bus copies (or encodes) a reply, never changes it. */
  private static final Map<EventResult.Outcome, JsonObject> OUTCOMES = new EnumMap<>(EventResult.Outcome.class);
  static {
    for (EventResult.Outcome o : EventResult.Outcome.values()) {
      OUTCOMES.put(o, new JsonObject().put("outcome", o.name().toLowerCase(Locale.ROOT)));
    }
  }

  private final Directory directory;
  private final WebhookOptions options;
  private final WebhookStats stats;
  private WebhookClient client;
  /** The last delivery of each call still under way (verticle context only). */
  private final Map<String, Future<?>> tails = new HashMap<>();

  public WebhookVerticle(Directory directory, WebhookOptions options) { this(directory, options, new WebhookStats()); }

  /**
   * @param stats shared by every instance when several are deployed (one per event loop), so {@code /metrics} counts
   *              them all
   */
  public WebhookVerticle(Directory directory, WebhookOptions options, WebhookStats stats) {
    this.stats = stats;
    this.directory = directory;
    this.options = options;
  }

  /** Counters since start; safe to read from any thread. */
  public WebhookStats stats() { return stats; }

  @Override
  public Future<?> start() {
    client = new WebhookClient(vertx, directory, options);
    var answers = vertx.eventBus().<Object>consumer(WebhookAddresses.ANSWER, this::onAnswer);
    var events = vertx.eventBus().<Object>consumer(WebhookAddresses.EVENT, this::onEvent);
    var eventAnswers = vertx.eventBus().<Object>consumer(WebhookAddresses.EVENT_NCCO, this::onEventForNcco);
    return Future.all(answers.completion(), events.completion(), eventAnswers.completion());
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }

  private void onAnswer(Message<Object> message) {
    Future<AnswerReply> reply;
    try {
      if (!(message.body() instanceof JsonObject json)) throw new IllegalArgumentException("not a JSON object");
      reply = client.answer(AnswerRequest.fromJson(json));
    } catch (RuntimeException e) {
      log.warn("malformed answer request: {}", e.getMessage());
      reply = Future.succeededFuture(new AnswerReply.Failed(503, "malformed answer request: " + e.getMessage(), 0));
    }
    reply.recover(e -> {
      log.error("answer webhook failed unexpectedly", e);
      return Future.succeededFuture(new AnswerReply.Failed(503, "internal error calling the answer webhook", 0));
    }).onSuccess(r -> {
      if (r instanceof AnswerReply.Ncco) stats.answersOk.increment();
      else stats.answersFailed.increment();
      stats.answerAttempts.add(attempts(r));
      message.reply(r.toJson());
    });
  }

  private void onEvent(Message<Object> message) {
    CallEvent event;
    try {
      if (!(message.body() instanceof JsonObject json)) throw new IllegalArgumentException("not a JSON object");
      event = CallEvent.fromJson(json);
    } catch (RuntimeException e) {
      log.warn("malformed call event dropped: {}", e.getMessage());
      stats.eventsDropped.increment();
      message.reply(OUTCOMES.get(EventResult.Outcome.DROPPED));
      return;
    }
    inOrder(event, () -> client.event(event)).onComplete(ar -> {
      // the reply tells the sender this delivery is over, so it can send the call's next event (any node's)
      if (ar.failed()) {
        log.error("event webhook failed unexpectedly", ar.cause());
        stats.eventsFailed.increment();
        message.reply(OUTCOMES.get(EventResult.Outcome.FAILED));
        return;
      }
      EventResult r = ar.result();
      stats.eventAttempts.add(r.attempts());
      switch (r.outcome()) {
        case SENT -> stats.eventsSent.increment();
        case FAILED -> stats.eventsFailed.increment();
        case DROPPED -> stats.eventsDropped.increment();
      }
      message.reply(OUTCOMES.get(r.outcome()));
    });
  }

  private void onEventForNcco(Message<Object> message) {
    CallEvent event;
    try {
      if (!(message.body() instanceof JsonObject json)) throw new IllegalArgumentException("not a JSON object");
      event = CallEvent.fromJson(json);
    } catch (RuntimeException e) {
      message.reply(new AnswerReply.Failed(503, "malformed call event: " + e.getMessage(), 0).toJson());
      return;
    }
    inOrder(event, () -> client.eventForNcco(event))
        .recover(e -> Future.succeededFuture(new AnswerReply.Failed(503, "internal error calling the event webhook", 0)))
        .onSuccess(r -> message.reply(r.toJson()));
  }

  /**
   * Runs a call's deliveries one after the other, so its application sees {@code started} before {@code ringing}
   * before {@code answered}: CONTRACT §6 is a sequence per call. Different calls do not wait for each other.
   */
  private <T> Future<T> inOrder(CallEvent event, Supplier<Future<T>> delivery) {
    String key = event.conversation() != null ? event.conversation() : event.body().getString("uuid");
    if (key == null) return safely(delivery); // nothing says which call it belongs to: no order to keep
    Future<?> previous = tails.getOrDefault(key, Future.succeededFuture());
    Future<T> mine = previous.transform(ignored -> safely(delivery));
    tails.put(key, mine);
    mine.onComplete(ar -> tails.remove(key, mine));
    return mine;
  }

  private static <T> Future<T> safely(Supplier<Future<T>> delivery) {
    try {
      return delivery.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static int attempts(AnswerReply r) {
    return r instanceof AnswerReply.Ncco n ? n.attempts() : ((AnswerReply.Failed) r).attempts();
  }
}
