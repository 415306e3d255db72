package io.psip.call;

import io.psip.auth.AuthChain;
import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthPrincipal;
import io.psip.auth.AuthRequest;
import io.psip.bus.AnswerReply;
import io.psip.bus.AnswerRequest;
import io.psip.bus.WebhookAddresses;
import io.psip.directory.ApplicationEntry;
import io.psip.directory.Directory;
import io.psip.directory.NumberEntry;
import io.psip.ncco.MediaSupport;
import io.psip.ncco.NccoAction;
import io.psip.ncco.NccoParser;
import io.psip.ncco.NccoResult;
import io.psip.routing.CallRouter;
import io.psip.routing.Route;
import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipRequest;
import io.psip.sip.transaction.ServerTransaction;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * Admission of new requests (CONTRACT §3, §4): route the Request-URI, run the auth chain, find the application, ask
 * its answer_url for an NCCO over the event bus, and hand a valid NCCO to the {@link NccoRunner}. Every refusal gets
 * a final response with a {@code Warning: 399} and a log line saying why. Requests inside a live dialog go to
 * their call through the {@link CallRegistry}. From {@link NccoRunner#run} on, the runner owns the call: it ends
 * the inbound leg and releases its slot.
 * <p>
 * The stack has matched retransmissions to their transaction before this handler runs, so a retransmitted INVITE
 * never re-runs the chain or the webhook (RFC 3261 §17.2.1). Runs on the stack's context and never blocks.
 */
public final class CallAdmission implements Handler<ServerTransaction> {
  private static final Logger log = LoggerFactory.getLogger(CallAdmission.class);
  /** Past the answer budget, the event bus gets this long to bring the webhook verticle's own budget failure. */
  static final long BUS_SLACK_MS = 2_000;
  /** Seconds a caller refused for a full node or account is asked to wait. */
  static final int RETRY_AFTER_S = 5;

  private final CallRouter router;
  private final AuthChain chain;
  private final Directory directory;
  private final EventBus eventBus;
  private final CallEvents events;
  private final NccoRunner runner;
  private final CallRegistry registry;
  private final long answerBudgetMs;
  private OverloadGuard overload;

  public CallAdmission(CallRouter router, AuthChain chain, Directory directory, EventBus eventBus, CallEvents events,
                       NccoRunner runner, CallRegistry registry, long answerBudgetMs) {
    this.router = router;
    this.chain = chain;
    this.directory = directory;
    this.eventBus = eventBus;
    this.events = events;
    this.runner = runner;
    this.registry = registry;
    this.answerBudgetMs = answerBudgetMs;
  }

  /** Refuses new calls while the SIP context is overloaded (503 + Retry-After); in-dialog requests still pass. */
  public CallAdmission overloadGuard(OverloadGuard guard) {
    this.overload = guard;
    return this;
  }

  @Override
  public void handle(ServerTransaction tx) {
    SipRequest request = tx.request();
    if (registry.dispatch(tx)) return;
    boolean inDialog = request.to() != null && request.to().tag() != null;
    if (!request.isMethod("INVITE") || inDialog) {
      Route host = inDialog ? null : router.route(request);
      if (host instanceof Route.Refusal r && r.status() == 403) {
        refuse(tx, r.status(), r.warning()); // someone else's host: psip never relays, whatever the method
      } else {
        // RFC 3261 §12.2.2: an in-dialog request (or BYE/INFO/UPDATE outside one) that matches no dialog of ours
        refuse(tx, 481, "no dialog or call matches this request");
      }
      return;
    }
    if (overload != null && overload.refuseNewCall()) {
      // RFC 3261 §21.5.4 / RFC 7339's spirit: tell the caller to back off rather than time out
      log.debug("{} from {} refused: 503 overloaded (loop lag {} ms, UDP queue {} ms)", request.summary(),
          tx.source(), overload.lagMs(), overload.udpQueueMs());
      tx.respond(503, "overloaded, try again shortly",
          List.of(new SipHeader("Retry-After", String.valueOf(RETRY_AFTER_S))));
      return;
    }
    Route route = router.route(request);
    if (route instanceof Route.Refusal r) {
      refuse(tx, r.status(), r.warning());
      return;
    }
    Route.Admissible target = (Route.Admissible) route;
    chain.authenticate(new AuthRequest(request, tx.source(), target))
        .onSuccess(outcome -> decide(tx, target, outcome));
  }

  private void decide(ServerTransaction tx, Route.Admissible target, AuthOutcome outcome) {
    if (tx.isCompleted()) return; // cancelled while the chain ran: the stack answered 487 already
    if (outcome instanceof AuthOutcome.Admitted a) {
      admitted(tx, target, a.principal());
    } else if (outcome instanceof AuthOutcome.Challenge c) {
      log.debug("{} from {}: {} challenge ({})", tx.request().summary(), tx.source(), c.status(), c.reason());
      tx.respond(c.status(), c.reason(), c.headers().stream().map(h -> new SipHeader(h.name(), h.value())).toList());
    } else if (outcome instanceof AuthOutcome.Rejected r) {
      refuse(tx, r.status(), r.reason());
    } else {
      refuse(tx, 403, ((AuthOutcome.Abstain) outcome).reason()); // the chain concludes abstentions itself
    }
  }

  private void admitted(ServerTransaction tx, Route.Admissible target, AuthPrincipal principal) {
    String accountId;
    String applicationId;
    if (target instanceof Route.DomainRoute d) {
      accountId = d.domain().accountId();
      applicationId = d.domain().applicationId();
    } else {
      String number = ((Route.SipConnectRoute) target).number();
      NumberEntry entry = directory.number(number);
      // the same answer whether the number is unknown or another account's: nothing to learn by probing
      if (entry == null || !entry.accountId().equals(principal.accountId())) {
        refuse(tx, 404, "number " + number + " is not one of account " + principal.accountId() + "'s numbers");
        return;
      }
      if (entry.applicationId() == null) {
        refuse(tx, 404, "number " + number + " is not linked to an application");
        return;
      }
      accountId = entry.accountId();
      applicationId = entry.applicationId();
    }
    ApplicationEntry application = applicationId == null ? null : directory.application(applicationId);
    if (application == null) {
      refuse(tx, 404, "application " + applicationId + " does not exist");
      return;
    }
    SipRequest request = tx.request();
    Leg leg = new Leg(UUID.randomUUID().toString(), "CON-" + UUID.randomUUID(), accountId, application.id(),
        Leg.Direction.INBOUND, AnswerParams.from(request), AnswerParams.to(target, request), "sip", events.now());
    AdmittedCall call = new AdmittedCall(tx, target, principal, application, accountId, leg);
    String full = registry.reserve(leg);
    if (full != null) {
      // RFC 3261 §21.5.4: 503 with Retry-After, so a well-behaved caller backs off instead of hammering
      leg.end("failed", events.now(), 503, full, null);
      events.report(leg);
      log.warn("{} from {} refused: 503 {}", request.summary(), tx.source(), full);
      tx.respond(503, full, List.of(new SipHeader("Retry-After", String.valueOf(RETRY_AFTER_S))));
      return;
    }
    log.info("{} from {} admitted ({} {}) for application {} as {}", request.summary(), tx.source(),
        principal.method(), principal.user(), application.id(), leg.uuid());
    events.report(leg); // started
    askApplication(call, AnswerParams.of(call, request, tx.source()));
  }

  private void askApplication(AdmittedCall call, JsonObject params) {
    AnswerRequest ask = new AnswerRequest(call.application().id(), call.accountId(), params, answerBudgetMs);
    eventBus.<JsonObject>request(WebhookAddresses.ANSWER, ask.toJson(),
            new DeliveryOptions().setSendTimeout(answerBudgetMs + BUS_SLACK_MS))
        .map(message -> AnswerReply.fromJson(message.body()))
        .onComplete(ar -> {
          if (ar.succeeded()) answered(call, ar.result());
          else fail(call, 503, "no answer from the webhook service: " + ar.cause().getMessage());
        });
  }

  private void answered(AdmittedCall call, AnswerReply reply) {
    if (reply instanceof AnswerReply.Failed f) {
      fail(call, f.sipStatus(), f.detail());
      return;
    }
    AnswerReply.Ncco answer = (AnswerReply.Ncco) reply;
    NccoResult parsed = NccoParser.parse(answer.ncco());
    if (parsed instanceof NccoResult.Invalid invalid) {
      // the URL stays in the log: it may carry a token, and the Warning goes to the caller
      log.info("call {}: invalid NCCO from {}", call.uuid(), answer.url());
      fail(call, 500, "invalid NCCO: " + invalid.summary());
      return;
    }
    NccoResult.Valid valid = (NccoResult.Valid) parsed;
    for (NccoAction action : valid.ncco().actions()) {
      String reason = MediaSupport.unsupportedReason(action);
      if (reason != null) {
        fail(call, 501, reason);
        return;
      }
    }
    if (call.invite().isCompleted()) {
      log.info("{}: the caller cancelled while the application answered", call.uuid());
      call.leg().end("cancelled", events.now(), 487, null, null);
      events.report(call.leg());
      registry.release(call.leg());
      return;
    }
    runner.run(call, valid.ncco());
  }

  private void fail(AdmittedCall call, int status, String detail) {
    ServerTransaction tx = call.invite();
    boolean cancelled = tx.isCompleted();
    call.leg().end(cancelled ? "cancelled" : "failed", events.now(), cancelled ? 487 : status, detail, null);
    events.report(call.leg());
    registry.release(call.leg());
    if (cancelled) return;
    log.warn("{} call {} failed: {} {}", tx.request().summary(), call.uuid(), status, detail);
    tx.respond(status, detail);
  }

  private static void refuse(ServerTransaction tx, int status, String reason) {
    log.info("{} from {} refused: {} {}", tx.request().summary(), tx.source(), status, reason);
    tx.respond(status, reason);
  }
}
