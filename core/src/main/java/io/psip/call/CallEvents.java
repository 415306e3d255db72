package io.psip.call;

import io.psip.bus.CallEvent;
import io.psip.bus.WebhookAddresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds a leg's events (CONTRACT §6) and hands them to the webhook verticles; never waits, never fails the call. */
public final class CallEvents {
  private final EventBus eventBus;
  private final Clock clock;

  public CallEvents(EventBus eventBus, Clock clock) {
    this.eventBus = eventBus;
    this.clock = clock;
  }

  /** The fields every event carries, for {@code status}, direction inbound. */
  public JsonObject body(AdmittedCall call, String status) {
    return new JsonObject()
        .put("uuid", call.uuid())
        .put("conversation_uuid", call.conversationUuid())
        .put("from", call.from())
        .put("to", call.to())
        .put("direction", "inbound")
        .put("status", status)
        .put("timestamp", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
  }

  public void started(AdmittedCall call) { send(call, body(call, "started")); }

  /** {@code failed} with {@code detail} (CONTRACT §6), e.g. why the answer webhook or the NCCO failed. */
  public void failed(AdmittedCall call, int sipCode, String detail) {
    send(call, body(call, "failed").put("detail", detail).put("sip_code", sipCode));
  }

  public void send(AdmittedCall call, JsonObject body) {
    eventBus.send(WebhookAddresses.EVENT,
        new CallEvent(call.application().id(), call.accountId(), null, null, body).toJson());
  }
}
