package io.psip.call.b2bua;

import io.psip.call.CallRegistry;
import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.MessageBuilder;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transaction.ClientTransaction;
import io.psip.sip.transaction.ServerTransaction;
import io.psip.sip.stack.SipStack;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Handler;

import java.util.List;

/**
 * One side of a bridged call: its dialog, what it sends (ACK, BYE, relayed requests) and what arrives in it. A
 * request from this side is answered with the other side's answer to the copy psip sends there.
 */
final class Side implements CallRegistry.DialogParty {
  /** Headers an INFO or UPDATE carries that the far side needs to make sense of its body (RFC 6086 §4.2). */
  private static final List<String> RELAYED_HEADERS = List.of("Info-Package", "Content-Disposition", "Event", "Subject");

  private final BridgedCall call;
  final Dialog dialog;
  private final boolean callee;
  /** An INVITE of ours this side answered with 2xx, awaiting the ACK the other side sends (then relayed). */
  long pendingInviteCseq = -1;
  /** The last ACK sent for a 2xx, as sent, and its CSeq number. */
  private byte[] lastAck;
  private long lastAckCseq = -1;

  Side(BridgedCall call, Dialog dialog, boolean callee) {
    this.call = call;
    this.dialog = dialog;
    this.callee = callee;
  }

  void register() { call.bridge().registry().register(dialog.callId, dialog.localTag, this); }

  void unregister() { call.bridge().registry().unregister(dialog.callId, dialog.localTag); }

  /** ACKs our INVITE {@code cseq}'s 2xx (RFC 3261 §13.2.2.4), with the body of {@code from} (a late offer's answer). */
  void ack(long cseq, SipRequest from) {
    if (cseq < 0) return;
    MessageBuilder.RequestBuilder ack = dialog.ack(cseq);
    if (from != null && from.hasBody()) ack.body(from.body(), from.contentType());
    TransportAddress to = dialog.destination();
    lastAck = call.bridge().stack().encodeStateless(ack.build(), to.transport());
    lastAckCseq = cseq;
    call.bridge().stack().sendEncoded(lastAck, to);
  }

  /** A 2xx retransmitted by this side gets the same ACK again; a 2xx we have not acknowledged yet waits. */
  void reAck(SipResponse response) { reAckHandler().handle(response); }

  /**
   * What the INVITE transaction's response handler becomes once the call is over: it lingers 32 s in Accepted
   * (RFC 6026 §8.4) and must still re-ACK a retransmitted 2xx, but should not keep the whole ended call alive.
   */
  Handler<SipResponse> reAckHandler() {
    return lastAck == null ? r -> {} : new ReAck(call.bridge().stack(), lastAck, lastAckCseq, dialog.destination());
  }

  private record ReAck(SipStack stack, byte[] ack, long cseq, TransportAddress destination) implements Handler<SipResponse> {
    @Override
    public void handle(SipResponse response) {
      if (response.isSuccess() && response.cseq() != null && response.cseq().number() == cseq) {
        stack.sendEncoded(ack, destination);
      }
    }
  }

  void sendBye() {
    SipRequest bye = dialog.request("BYE").build();
    call.bridge().stack().sendRequest(bye, dialog.destination()); // its answer changes nothing
  }

  @Override
  public void onRequest(ServerTransaction tx) {
    SipRequest request = tx.request();
    if (call.over()) {
      tx.respond(481, "the call has ended"); // RFC 3261 §15.1.2
      return;
    }
    if (request.isMethod("BYE")) {
      tx.respond(tx.createResponse(200).build());
      call.hungUpBy(this);
      return;
    }
    Side other = call.other(this);
    if (other == null) {
      // an early-dialog request from the callee (UPDATE, INFO): psip bridges dialogs once they are confirmed
      tx.respond(491, "psip relays in-dialog requests once the call is answered");
      return;
    }
    relay(tx, other);
  }

  /** re-INVITE, UPDATE and INFO go across as new requests in the other dialog; its answer comes back. */
  private void relay(ServerTransaction tx, Side other) {
    SipRequest request = tx.request();
    String method = request.method();
    if (method.equals("INVITE") || method.equals("UPDATE")) dialog.refreshed(request); // RFC 3261 §12.2.2
    MessageBuilder.RequestBuilder copy = other.dialog.request(method);
    if (method.equals("INVITE") || method.equals("UPDATE")) copy.add(HeaderNames.ALLOW, BridgedCall.ALLOW);
    for (String name : RELAYED_HEADERS) {
      for (String value : request.headerValues(name)) copy.add(name, value);
    }
    if (request.hasBody()) copy.body(request.body(), request.contentType());
    ClientTransaction out = call.bridge().stack().sendRequest(copy.build(), other.dialog.destination());
    out.responseHandler(response -> {
      if (response.status() == 100) return;
      boolean inviteAnswered = method.equals("INVITE") && response.isSuccess();
      if (tx.isCompleted()) {
        if (inviteAnswered) other.reAck(response);
        return;
      }
      if (inviteAnswered) {
        other.dialog.established(response, false);
        other.pendingInviteCseq = response.cseq().number();
        tx.ackHandler(ack -> {
          other.ack(other.pendingInviteCseq, ack);
          other.pendingInviteCseq = -1;
        });
      }
      tx.respond(BridgedCall.relay(response, tx.createResponse(response.status()), dialog.contact()).build());
    });
  }

  @Override
  public void onAck(SipRequest ack) {
    // a retransmitted ACK whose transaction is gone: nothing left to do
  }

  @Override
  public void onStrayResponse(SipResponse response) { reAck(response); }

  @Override
  public String toString() { return (callee ? "callee " : "caller ") + dialog.callId; }
}
