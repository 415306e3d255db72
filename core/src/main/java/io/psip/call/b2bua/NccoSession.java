package io.psip.call.b2bua;

import io.psip.bus.AnswerReply;
import io.psip.call.AdmittedCall;
import io.psip.call.Leg;
import io.psip.ncco.MediaSupport;
import io.psip.ncco.NccoAction;
import io.psip.ncco.NccoParser;
import io.psip.ncco.NccoResult;
import io.psip.sip.transaction.ServerTransaction;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Runs one admitted call's NCCO, action by action (CONTRACT §5): {@code notify} posts its payload and an NCCO in
 * the answer replaces the rest; {@code connect} bridges the caller to a new leg, and when that leg fails before an
 * answer either relays the failure to the caller or, for {@code eventType: "synchronous"}, runs the NCCO the
 * eventUrl answers with. The session owns the inbound leg until a connect answers: it ends it and frees its slot.
 */
final class NccoSession {
  private static final Logger log = LoggerFactory.getLogger(NccoSession.class);

  private final Bridge bridge;
  private final Targets targets;
  private final AdmittedCall call;
  private final long budgetMs;
  private List<NccoAction> actions;
  private int next;

  NccoSession(Bridge bridge, Targets targets, AdmittedCall call, List<NccoAction> actions, long budgetMs) {
    this.bridge = bridge;
    this.targets = targets;
    this.call = call;
    this.actions = actions;
    this.budgetMs = budgetMs;
  }

  void proceed() {
    if (callerGone(487)) return;
    if (next >= actions.size()) {
      endCaller(480, "unanswered", "the NCCO ended without connecting the call");
      return;
    }
    NccoAction action = actions.get(next++);
    if (action instanceof NccoAction.Notify notify) {
      notify(notify);
    } else if (action instanceof NccoAction.Connect connect) {
      connect(connect);
    } else {
      endCaller(501, "failed", MediaSupport.unsupportedReason(action)); // validated before; kept as a guard
    }
  }

  private void notify(NccoAction.Notify notify) {
    String url = notify.eventUrl().isEmpty() ? null : notify.eventUrl().get(0);
    bridge.events().ask(call.leg(), notify.payload(), url, notify.eventMethod(), budgetMs).onComplete(ar -> {
      replaceIfNcco(ar.result(), "notify");
      proceed();
    });
  }

  private void connect(NccoAction.Connect connect) {
    BridgeTarget target;
    try {
      target = targets.resolve(call, connect);
    } catch (Targets.CannotRoute e) {
      log.warn("call {}: connect cannot be placed: {}", call.uuid(), e.getMessage());
      Leg failed = targets.failedLeg(call, connect, bridge.events().now());
      bridge.events().report(failed, eventUrl(connect), connect.eventMethod());
      afterFailure(connect, new BridgeResult(false, "failed", 503, "cannot_route: " + e.getMessage(), failed));
      return;
    }
    new BridgedCall(bridge, call, target, connect, result -> {
      if (result.answered()) bridge.registry().release(call.leg()); // the bridge reported both legs completed
      else afterFailure(connect, result);
    }).start();
  }

  private void afterFailure(NccoAction.Connect connect, BridgeResult result) {
    if (callerGone(result.callerStatus() > 0 ? result.callerStatus() : 487)) return;
    if (connect.synchronous() && result.allowsFallback()) {
      Leg leg = result.leg();
      JsonObject event = leg.event(bridge.events().now());
      bridge.events().ask(leg, event, eventUrl(connect), connect.eventMethod(), budgetMs).onComplete(ar -> {
        if (replaceIfNcco(ar.result(), "the synchronous connect's eventUrl")) proceed();
        else endCaller(result.callerStatus(), result.status(), result.detail());
      });
      return;
    }
    endCaller(result.callerStatus(), result.status(), result.detail());
  }

  /** Makes {@code reply}'s NCCO the rest of this call's when it is one psip can run; true if it did. */
  private boolean replaceIfNcco(AnswerReply reply, String from) {
    if (!(reply instanceof AnswerReply.Ncco answer)) return false;
    NccoResult parsed = NccoParser.parse(answer.ncco());
    if (parsed instanceof NccoResult.Invalid invalid) {
      log.warn("call {}: ignoring the invalid NCCO from {}: {}", call.uuid(), from, invalid.summary());
      return false;
    }
    List<NccoAction> replacement = ((NccoResult.Valid) parsed).ncco().actions();
    for (NccoAction a : replacement) {
      String reason = MediaSupport.unsupportedReason(a);
      if (reason != null) {
        log.warn("call {}: ignoring the NCCO from {}: {}", call.uuid(), from, reason);
        return false;
      }
    }
    actions = replacement;
    next = 0;
    return true;
  }

  /**
   * True when the caller already has its final response (it cancelled: 487 from the stack; or psip hung up a ringing
   * call: {@code sipCode}); the inbound leg is then ended {@code cancelled} with that code.
   */
  private boolean callerGone(int sipCode) {
    ServerTransaction tx = call.invite();
    if (!tx.isCompleted()) return false;
    Leg leg = call.leg();
    if (!leg.ended()) {
      leg.end("cancelled", bridge.events().now(), sipCode, null, null);
      bridge.events().report(leg);
    }
    bridge.registry().release(leg);
    return true;
  }

  private void endCaller(int sipStatus, String status, String detail) {
    Leg leg = call.leg();
    leg.end(status, bridge.events().now(), sipStatus, detail, null);
    bridge.events().report(leg);
    bridge.registry().release(leg);
    call.invite().respond(sipStatus, detail);
  }

  private static String eventUrl(NccoAction.Connect connect) {
    return connect.eventUrl().isEmpty() ? null : connect.eventUrl().get(0);
  }
}
