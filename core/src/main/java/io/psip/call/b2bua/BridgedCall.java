package io.psip.call.b2bua;

import io.psip.call.AdmittedCall;
import io.psip.call.CallRegistry;
import io.psip.call.Leg;
import io.psip.ncco.NccoAction;
import io.psip.sip.message.Address;
import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.MessageBuilder;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.stack.SipStack;
import io.psip.sip.transaction.ClientTransaction;
import io.psip.sip.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * One {@code connect}: the caller's INVITE (leg A, psip as UAS) bridged to a new leg B (psip as UAC), back to back.
 * Provisional responses and the 2xx are relayed to the caller, the caller's ACK completes both sides, and from then
 * on in-dialog requests are relayed across by the two {@link Side}s until a BYE, the {@code limit}, or a hangup.
 * <p>
 * Before B answers, B's failure is handed to the NCCO session ({@link BridgeResult}), which relays it to the caller
 * or runs a fallback NCCO. Everything runs on the SIP context; every timer is cancelled and both dialogs are
 * unregistered when the call ends, whichever way it ends.
 */
final class BridgedCall implements CallRegistry.Hangable {
  private static final Logger log = LoggerFactory.getLogger(BridgedCall.class);
  static final String ALLOW = String.join(", ", SipStack.ALLOWED_METHODS);

  private enum State { CALLING, EARLY, ANSWERED, CONFIRMED, OVER }

  private final Bridge bridge;
  private final AdmittedCall call;
  private final BridgeTarget target;
  private final NccoAction.Connect connect;
  private final Consumer<BridgeResult> onEnd;
  private final ServerTransaction aTx;
  final Leg legB;
  private Side sideA;
  private final Side sideB;
  private ClientTransaction bInvite;
  private State state = State.CALLING;
  private long ringTimer = -1;
  private long limitTimer = -1;
  /** True once B's INVITE had its final response: until then B's dialog must stay reachable (a crossing 2xx). */
  private boolean calleeFinal;
  /** The call ended before the caller's ACK: the caller's BYE waits for that ACK (RFC 3261 §15). */
  private boolean byeCallerWhenAcked;

  BridgedCall(Bridge bridge, AdmittedCall call, BridgeTarget target, NccoAction.Connect connect,
              Consumer<BridgeResult> onEnd) {
    this.bridge = bridge;
    this.call = call;
    this.target = target;
    this.connect = connect;
    this.onEnd = onEnd;
    this.aTx = call.invite();
    String fromLabel = target.from().sipUri() != null && target.from().sipUri().user() != null
        ? target.from().sipUri().user() : call.from();
    this.legB = new Leg(UUID.randomUUID().toString(), call.conversationUuid(), call.accountId(),
        call.application().id(), Leg.Direction.OUTBOUND, fromLabel, target.toLabel(), target.endpointType(),
        bridge.events().now());
    Dialog b = Dialog.asUac(UUID.randomUUID() + "@psip", MessageBuilder.randomToken(), target.from(), target.to(),
        target.destination(), bridge.contact().apply(target.destination().transport()));
    b.remoteTarget = target.requestUri();
    this.sideB = new Side(this, b, true);
  }

  void start() {
    SipRequest callerInvite = aTx.request();
    MessageBuilder.RequestBuilder invite = sideB.dialog.request("INVITE")
        .set(HeaderNames.MAX_FORWARDS, Math.max(0, callerInvite.maxForwards() - 1)) // loop protection, RFC 3261 §16.6
        .add(HeaderNames.ALLOW, ALLOW);
    for (BridgeTarget.Header h : target.headers()) invite.add(h.name(), h.value());
    if (callerInvite.hasBody()) invite.body(callerInvite.body(), callerInvite.contentType()); // the offer, unchanged
    SipRequest request = invite.build();
    sideB.register();
    bridge.registry().registerLeg(legB.uuid(), this);
    bridge.registry().registerLeg(call.uuid(), this);
    report(legB);
    log.debug("call {}: leg {} INVITE {} via {}", call.uuid(), legB.uuid(), target.requestUri(), target.destination());
    bInvite = bridge.stack().sendRequest(request, sideB.dialog.destination());
    bInvite.responseHandler(this::onCalleeResponse);
    aTx.cancelHandler(cancel -> giveUp("cancelled", 487, null));
    if (connect.timeout() > 0) {
      ringTimer = bridge.vertx().setTimer(connect.timeout() * 1000L, id -> {
        ringTimer = -1;
        giveUp("unanswered", 480, "timeout");
      });
    }
  }

  // ---- before the answer ----------------------------------------------------------------------------------

  private void onCalleeResponse(SipResponse response) {
    int status = response.status();
    if (status == 100) return;
    if (response.isProvisional()) {
      if (state != State.CALLING && state != State.EARLY) return;
      if (state == State.CALLING) {
        state = State.EARLY;
        legB.ringing();
        report(legB);
        call.leg().ringing();
        bridge.events().report(call.leg());
      }
      if (!aTx.isCompleted()) aTx.respond(relayed(response, aTx.createResponse(status)).build());
      return;
    }
    if (response.isSuccess()) {
      onCalleeAnswer(response);
      return;
    }
    calleeFinal = true;
    if (state != State.CALLING && state != State.EARLY) {
      if (state == State.OVER) sideB.unregister(); // the answer to our CANCEL
      return;
    }
    cancelRingTimer();
    state = State.OVER;
    String[] outcome = FailureStatus.of(status);
    String detail = outcome[1] != null || !outcome[0].equals("failed") ? outcome[1]
        : "the callee answered " + status + " " + response.reason();
    legB.end(outcome[0], bridge.events().now(), status, detail, null);
    reportFailure(new BridgeResult(false, outcome[0], FailureStatus.callerStatus(status), detail, legB));
  }

  private void onCalleeAnswer(SipResponse response) {
    if (state == State.ANSWERED || state == State.CONFIRMED || legB.answered()) {
      // a retransmitted 2xx (RFC 3261 §13.2.2.4), also once the call is over: acknowledged again, never answered
      // with a second BYE (the crossing-CANCEL case below is for a 2xx that was never relayed)
      sideB.reAck(response);
      return;
    }
    calleeFinal = true;
    sideB.dialog.established(response, true);
    long cseq = response.cseq().number();
    if (state == State.OVER) {
      // RFC 3261 §15: an answer that crossed our CANCEL is acknowledged, then the session is ended with BYE
      sideB.ack(cseq, null);
      sideB.sendBye();
      sideB.unregister();
      bInvite.responseHandler(sideB.reAckHandler());
      return;
    }
    cancelRingTimer();
    state = State.ANSWERED;
    sideA = new Side(this, Dialog.asUas(aTx.request(), aTx.localTag(), aTx.source(),
        bridge.contact().apply(aTx.source().transport())), false);
    sideA.register();
    sideB.pendingInviteCseq = cseq;
    aTx.ackHandler(ack -> onCallerAck(ack));
    aTx.ackTimeoutHandler(v -> onCallerAckTimeout());
    aTx.respond(relayed(response, aTx.createResponse(response.status())).build());
    legB.answered(bridge.events().now());
    report(legB);
    call.leg().answered(bridge.events().now());
    bridge.events().report(call.leg());
    log.debug("call {}: leg {} answered", call.uuid(), legB.uuid());
    if (connect.limit() > 0) {
      limitTimer = bridge.vertx().setTimer(connect.limit() * 1000L, id -> {
        limitTimer = -1;
        hangup("platform", "limit");
      });
    }
  }

  /** The caller's ACK completes both sides: B gets its ACK now (with the caller's SDP, for a late offer). */
  private void onCallerAck(SipRequest ack) {
    if (byeCallerWhenAcked) {
      byeCallerWhenAcked = false;
      sideA.sendBye();
      return;
    }
    if (state != State.ANSWERED) return;
    state = State.CONFIRMED;
    sideB.ack(sideB.pendingInviteCseq, ack);
    sideB.pendingInviteCseq = -1;
  }

  /**
   * RFC 3261 §13.3.1.4: no ACK came while the 2xx was retransmitted for 64*T1: the dialog counts as confirmed, and
   * the session is ended with a BYE (B first gets the ACK it is owed).
   */
  private void onCallerAckTimeout() {
    if (byeCallerWhenAcked) {
      byeCallerWhenAcked = false;
      sideA.sendBye();
      return;
    }
    if (state != State.ANSWERED) return;
    confirmCallee();
    state = State.CONFIRMED;
    hangup("platform", "the caller never acknowledged the answer");
  }

  /** The caller cancelled, or nobody answered in time: cancel B and let the session answer the caller. */
  private void giveUp(String status, int callerStatus, String detail) {
    if (state != State.CALLING && state != State.EARLY) return;
    cancelRingTimer();
    bInvite.cancel(); // B's 487 (or a crossing 2xx) is handled when it comes
    state = State.OVER;
    legB.end(status, bridge.events().now(), 487, detail, null);
    reportFailure(new BridgeResult(false, status, callerStatus, detail, legB));
  }

  // ---- after the answer -----------------------------------------------------------------------------------

  /** One side hung up (its BYE is answered already): BYE the other, report both legs completed. */
  void hungUpBy(Side side) {
    if (state == State.OVER) return;
    confirmCallee();
    if (side == sideA) sideB.sendBye();
    else byeCaller();
    end("user", side == sideA ? "caller" : "callee");
  }

  @Override
  public void hangup() { hangup("platform", "hangup"); }

  /** psip ends an answered call itself (the limit, the API, a missing ACK), or gives up one still ringing. */
  void hangup(String by, String why) {
    if (state == State.CALLING || state == State.EARLY) {
      if (!aTx.isCompleted()) aTx.respond(480, "the call was hung up before it was answered");
      giveUp("cancelled", 480, why);
      return;
    }
    if (state == State.OVER) return;
    confirmCallee();
    byeCaller();
    sideB.sendBye();
    end(by, why);
  }

  /**
   * RFC 3261 §15: psip is the callee of the caller's dialog, and a callee must not send BYE on a confirmed dialog
   * before the ACK of its 2xx (or the server transaction's timeout): until then the BYE waits for that ACK.
   */
  private void byeCaller() {
    if (state == State.ANSWERED) byeCallerWhenAcked = true;
    else sideA.sendBye();
  }

  /**
   * The callee's 2xx is ACKed before anything else is sent to it: when the call ends before the caller's ACK came
   * (a BYE before ACK, a missing ACK), B still gets its ACK and then the BYE (RFC 3261 §15).
   */
  private void confirmCallee() {
    if (state != State.ANSWERED) return;
    sideB.ack(sideB.pendingInviteCseq, null);
    sideB.pendingInviteCseq = -1;
  }

  private void end(String disconnectedBy, String why) {
    state = State.OVER;
    cancelLimitTimer();
    log.info("call {}: ended by {} ({})", call.uuid(), disconnectedBy, why);
    legB.end("completed", bridge.events().now(), 200, null, disconnectedBy);
    report(legB);
    call.leg().end("completed", bridge.events().now(), 200, null, disconnectedBy);
    bridge.events().report(call.leg());
    finish(BridgeResult.over(legB));
  }

  /**
   * A synchronous connect's failure event is posted by the NCCO session, which waits for its answer (the next
   * NCCO); posting it here too would send it twice. It is recorded either way.
   */
  private void reportFailure(BridgeResult result) {
    if (connect.synchronous() && result.allowsFallback()) bridge.events().record(legB);
    else report(legB);
    finish(result);
  }

  private void finish(BridgeResult result) {
    cancelRingTimer();
    cancelLimitTimer();
    if (sideA != null) sideA.unregister();
    // B's dialog stays reachable until its INVITE has its final response, so a crossing 2xx is still acknowledged
    if (calleeFinal) {
      sideB.unregister();
      bInvite.responseHandler(sideB.reAckHandler());
    }
    bridge.registry().unregisterLeg(legB.uuid());
    bridge.registry().unregisterLeg(call.uuid());
    onEnd.accept(result);
  }

  boolean over() { return state == State.OVER; }

  Side other(Side side) { return side == sideA ? sideB : sideA; }

  Bridge bridge() { return bridge; }

  private void report(Leg leg) {
    bridge.events().report(leg, connect.eventUrl().isEmpty() ? null : connect.eventUrl().get(0), connect.eventMethod());
  }

  /** A response to the caller carrying B's status line, body and our Contact. */
  private MessageBuilder.ResponseBuilder relayed(SipResponse from, MessageBuilder.ResponseBuilder to) {
    return relay(from, to, sideA != null ? sideA.dialog.contact() : bridge.contact().apply(aTx.source().transport()));
  }

  /** Copies a response across the bridge: status line and body; our {@code contact} on 1xx/2xx (RFC 3261 §12.1.1). */
  static MessageBuilder.ResponseBuilder relay(SipResponse from, MessageBuilder.ResponseBuilder to,
                                              Address contact) {
    to.reason(from.reason());
    if (from.status() > 100 && from.status() < 300) {
      to.add(HeaderNames.CONTACT, contact);
      to.add(HeaderNames.ALLOW, ALLOW);
    }
    if (from.hasBody()) to.body(from.body(), from.contentType());
    return to;
  }

  private void cancelRingTimer() {
    if (ringTimer >= 0) bridge.vertx().cancelTimer(ringTimer);
    ringTimer = -1;
  }

  private void cancelLimitTimer() {
    if (limitTimer >= 0) bridge.vertx().cancelTimer(limitTimer);
    limitTimer = -1;
  }
}
