package io.psip.call;

import io.psip.bus.AnswerReply;
import io.psip.bus.CallEvent;
import io.psip.bus.WebhookAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reports legs: every status change is recorded ({@link CallRecorder}) and posted to the event_url (CONTRACT §6)
 * through the webhook verticles, in order per call. Never waits and never fails the call, except {@link #ask}, whose
 * answer may steer it. Used on the SIP context only.
 */
public final class CallEvents {
  private final EventBus eventBus;
  private final Clock clock;
  private final CallRecorder recorder;
  private final String node;
  /** The last delivery under way per conversation (SIP context only). */
  private final Map<String, Future<?>> tails = new HashMap<>();
  /**
   * How long one event's delivery may take before the next of its call goes anyway: two attempts with an event's
   * longest timeouts (connect 1 s, socket 10 s), plus slack.
   */
  static final long DELIVERY_TIMEOUT_MS = 25_000;
  /** One for every event: the bus only reads it. */
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(DELIVERY_TIMEOUT_MS);

  public CallEvents(EventBus eventBus, Clock clock, CallRecorder recorder, String node) {
    this.eventBus = eventBus;
    this.clock = clock;
    this.recorder = recorder;
    this.node = node;
  }

  public Instant now() { return clock.instant(); }

  /** Records the leg and posts its current status to the application's event_url. */
  public void report(Leg leg) { report(leg, null, null); }

  /** As {@link #report(Leg)}, to an NCCO's own {@code eventUrl}/{@code eventMethod} when given. */
  public void report(Leg leg, String url, String method) {
    recorder.record(leg.toRecord(node));
    send(leg, leg.event(now()), url, method);
  }

  /** Records the leg without posting an event: the event goes out through {@link #ask} instead. */
  public void record(Leg leg) { recorder.record(leg.toRecord(node)); }

  /** Posts {@code body} (an event or a {@code notify} payload) without recording anything. */
  public void send(Leg leg, JsonObject body, String url, String method) {
    CallEvent event = new CallEvent(leg.applicationId(), leg.accountId(), url, method, body, leg.conversationUuid());
    inOrder(leg, () -> eventBus.request(WebhookAddresses.EVENT, event.toJson(), DELIVERY));
  }

  /**
   * Posts {@code body} and waits for the answer: an NCCO that replaces the rest of the call's (a {@code notify},
   * or a synchronous {@code connect}'s failure event). Never fails: no answer is an {@link AnswerReply.Failed}.
   */
  public Future<AnswerReply> ask(Leg leg, JsonObject body, String url, String method, long budgetMs) {
    CallEvent event = new CallEvent(leg.applicationId(), leg.accountId(), url, method, body, leg.conversationUuid());
    return inOrder(leg, () -> eventBus.<JsonObject>request(WebhookAddresses.EVENT_NCCO, event.toJson(),
            new DeliveryOptions().setSendTimeout(budgetMs + CallAdmission.BUS_SLACK_MS)))
        .map(m -> AnswerReply.fromJson(m.body()))
        .otherwise(e -> new AnswerReply.Failed(503, "no answer from the event webhook: " + e.getMessage(), 0));
  }

  /**
   * One call's deliveries go out one after the other, each once the previous one was delivered (or gave up): with
   * several webhook nodes in a cluster the bus spreads messages over them, and only the sender can keep CONTRACT
   * §6's order ({@code started} before {@code ringing} before {@code answered}). Calls do not wait for each other.
   */
  private <T> Future<T> inOrder(Leg leg, Supplier<Future<T>> delivery) {
    String key = leg.conversationUuid();
    Future<?> previous = tails.get(key);
    Future<T> mine = previous == null ? delivery.get() : previous.transform(ignored -> delivery.get());
    tails.put(key, mine);
    mine.onComplete(ar -> tails.remove(key, mine));
    return mine;
  }
}
