package io.psip.gateway.api;

import io.psip.bus.CallControl;
import io.psip.call.LegRecord;
import io.psip.gateway.store.CallStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * {@code /v1/calls}: the caller's call legs as recorded (CONTRACT §6), in the shape of Vonage's Voice API, and
 * hanging up a live one.
 *
 * <p>A hangup goes to the node that owns the leg ({@link CallControl#address} of the record's node) as an event-bus
 * request, answered within {@value #CONTROL_TIMEOUT_MS} ms: {@code ok} is 204. {@code not_found} means the owning
 * node is up but no longer has the leg, so the record is stale: it is closed ({@code detail} "lost", marked as
 * inferred so that a late report from the node still replaces it) and the answer is 409, as for a leg already ended.
 * No handler, no answer in time or a failure say nothing about the leg (the node may be busy, or gone), so the
 * record is left as it is and the answer is 503.
 */
final class CallsApi {
  static final String BASE = "/v1/calls";
  /** How long a hangup waits for the owning node. */
  static final long CONTROL_TIMEOUT_MS = 2_000;
  private static final String ONLY_HANGUP =
      "must be hangup: the only action supported (transfer, mute, unmute, earmuff and unearmuff are not)";

  private final CallStore store;
  private final EventBus bus;

  CallsApi(CallStore store, EventBus bus) {
    this.store = store;
    this.bus = bus;
  }

  List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(GET, BASE, "listCalls", this::list),
        new Endpoint(GET, BASE + "/{uuid}", "getCall", this::get),
        new Endpoint(PUT, BASE + "/{uuid}", "updateCall", this::update));
  }

  private Future<Reply> list(ApiRequest r) {
    CallQuery query = CallQuery.of(r);
    return store.list(r.accountId(), query.filter()).map(list -> Reply.ok(query.render(list, BASE)));
  }

  private Future<Reply> get(ApiRequest r) {
    return store.get(r.accountId(), r.path("uuid")).map(leg -> Reply.ok(json(leg)));
  }

  /** {@code {"action": "hangup"}}: 204 once the owning node has the leg hung up (BYE or CANCEL). */
  private Future<Reply> update(ApiRequest r) {
    Object action = r.body().getValue("action");
    if (!CallControl.HANGUP.equals(action)) {
      throw ApiProblem.invalid("action", action == null ? "is required: hangup" : ONLY_HANGUP);
    }
    String account = r.accountId();
    return store.get(account, r.path("uuid"))
        .compose(leg -> leg.ended() ? Future.failedFuture(alreadyEnded()) : hangup(account, leg));
  }

  private Future<Reply> hangup(String account, LegRecord leg) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(CONTROL_TIMEOUT_MS);
    return bus.<Object>request(CallControl.address(leg.node()), new CallControl(leg.uuid(), CallControl.HANGUP).toJson(), options)
        .transform(answer -> {
          Object result = answer.succeeded() && answer.result().body() instanceof JsonObject j ? j.getValue("result") : null;
          if (CallControl.OK.equals(result)) return Future.succeededFuture(Reply.noContent());
          if (CallControl.NOT_FOUND.equals(result)) {
            return store.closeLost(account, leg.uuid()).compose(closed -> Future.failedFuture(alreadyEnded()));
          }
          return Future.failedFuture(ApiProblem.unavailable("the node that owns this call " + why(answer)
              + "; the call is unchanged, try again"));
        });
  }

  private static String why(AsyncResult<Message<Object>> answer) {
    if (answer.succeeded()) return "gave an unexpected answer";
    if (answer.cause() instanceof ReplyException e) {
      return switch (e.failureType()) {
        case NO_HANDLERS -> "is not reachable";
        case TIMEOUT -> "did not answer within " + CONTROL_TIMEOUT_MS + " ms";
        default -> "could not hang it up";
      };
    }
    return "could not be asked";
  }

  private static ApiProblem alreadyEnded() { return ApiProblem.conflict("the call has already ended"); }

  static String self(String uuid) { return BASE + '/' + Links.segment(uuid); }

  /**
   * A leg as Vonage's Voice API shows a call: {@code from}/{@code to} as endpoints; {@code duration} in whole
   * seconds as a string ("0" until the leg ends or when it was never answered). No {@code rate}, {@code price} or
   * {@code network}: psip neither bills nor knows a carrier. Beyond Vonage: {@code answer_time}, {@code sip_code},
   * {@code detail}, {@code disconnected_by}.
   */
  static JsonObject json(LegRecord c) {
    return new JsonObject()
        .put("uuid", c.uuid())
        .put("conversation_uuid", c.conversationUuid())
        .put("direction", c.direction())
        .put("status", c.status())
        .put("from", endpoint(c.from()))
        .put("to", endpoint(c.to()))
        .put("start_time", Times.format(c.startTime()))
        .put("answer_time", Times.format(c.answerTime()))
        .put("end_time", Times.format(c.endTime()))
        .put("duration", Long.toString(c.durationSeconds()))
        .put("sip_code", c.sipCode() == 0 ? null : c.sipCode())
        .put("detail", c.detail())
        .put("disconnected_by", c.disconnectedBy())
        .put("_links", Links.self(self(c.uuid())));
  }

  /**
   * A party as a Vonage endpoint: a SIP or SIPS URI is {@code {"type": "sip", "uri": …}}, a number (digits, an
   * optional leading '+' dropped) {@code {"type": "phone", "number": …}}, any other SIP user
   * {@code {"type": "sip", "user": …}}.
   */
  static JsonObject endpoint(String party) {
    if (party == null) return null;
    String lower = party.toLowerCase(Locale.ROOT);
    if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
      return new JsonObject().put("type", "sip").put("uri", party);
    }
    if (party.matches("\\+?[0-9]{1,15}")) {
      return new JsonObject().put("type", "phone").put("number", party.startsWith("+") ? party.substring(1) : party);
    }
    return new JsonObject().put("type", "sip").put("user", party);
  }
}
