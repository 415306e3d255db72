package io.psip.sip.transaction.impl;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Handler;

/**
 * RFC 3261 §17.2.1 (Figure 7) as updated by RFC 6026 §7.1: after a 2xx the transaction stays "Accepted" for
 * 64*T1 to absorb retransmitted INVITEs; it also retransmits the 2xx until the ACK arrives (over any transport: the
 * 2xx travels end to end), a job RFC 3261 §13.3.1.4 gives the UAS core and which every user of this stack needs.
 */
public final class InviteServerTransaction extends ServerTransactionImpl {
  enum State { PROCEEDING, COMPLETED, CONFIRMED, ACCEPTED, TERMINATED }

  private State state = State.PROCEEDING;
  private TimerHandle retransmitTimer = TimerHandle.NONE; // Timer G, or the 2xx retransmission timer
  private TimerHandle endTimer = TimerHandle.NONE;        // Timer H, I or L
  private long interval;
  private boolean acked;
  private String ackTag;
  private String dialogAckKey;

  public InviteServerTransaction(TransactionHost host, SipRequest request, TransportAddress source, long connectionId, String key) {
    super(host, request, source, connectionId, key);
  }

  @Override
  public boolean isCompleted() { return state != State.PROCEEDING; }

  /** The To tag of the 2xx this transaction sent, which its ACK carries (the local tag when there is none). */
  public String ackTag() { return ackTag != null ? ackTag : localTag(); }

  /** The key under which the stack finds this transaction for the ACK of its 2xx (set by the stack), or null. */
  public String dialogAckKey() { return dialogAckKey; }

  public void dialogAckKey(String key) { this.dialogAckKey = key; }

  /** True while the transaction waits for the ACK of its 2xx. */
  public boolean awaitingDialogAck() { return state == State.ACCEPTED && !acked; }

  @Override
  public void respond(SipResponse response) {
    if (state != State.PROCEEDING) {
      log.debug("{}: response {} after the final one ignored", this, response.status());
      return;
    }
    if (response.isSuccess() && response.to() != null) ackTag = response.to().tag();
    send(response);
    if (response.isProvisional()) return;
    interval = host.timers().t1();
    if (response.isSuccess()) {
      state = State.ACCEPTED;
      host.awaitAck(this);
      // RFC 3261 §13.3.1.4: over reliable transports too, since a later hop towards the UAC may be UDP
      retransmitTimer = host.setTimer(interval, this::retransmit2xx);
      endTimer = host.setTimer(host.timers().timeout(), this::onTimerL);
    } else {
      state = State.COMPLETED;
      if (!reliable()) retransmitTimer = host.setTimer(interval, this::onTimerG);
      endTimer = host.setTimer(host.timers().timeout(), this::onTimerH);
    }
  }

  // Timer G: resend the final response at T1, 2*T1 … capped at T2 until the ACK (RFC 3261 §17.2.1)
  private void onTimerG() {
    if (state != State.COMPLETED) return;
    resendLast();
    interval = Math.min(interval * 2, host.timers().t2());
    retransmitTimer = host.setTimer(interval, this::onTimerG);
  }

  // RFC 3261 §13.3.1.4: the 2xx is retransmitted with the same schedule until the ACK
  private void retransmit2xx() {
    if (state != State.ACCEPTED || acked) return;
    resendLast();
    interval = Math.min(interval * 2, host.timers().t2());
    retransmitTimer = host.setTimer(interval, this::retransmit2xx);
  }

  // Timer H: the ACK never came
  private void onTimerH() {
    log.info("{}: no ACK for its final response within 64*T1", this);
    terminate();
  }

  // Timer L (RFC 6026): the Accepted state ends
  private void onTimerL() {
    boolean unacked = !acked;
    Handler<Void> handler = ackTimeoutHandler;
    terminate();
    if (unacked) {
      log.info("{}: 2xx never acknowledged within 64*T1", this);
      if (handler != null) handler.handle(null);
    }
  }

  @Override
  public void onRetransmission(SipRequest retransmission) {
    // Proceeding: resend the last provisional; Completed: the final; Accepted: absorb (RFC 6026 §7.1)
    if (state == State.PROCEEDING || state == State.COMPLETED) resendLast();
  }

  @Override
  public void onAck(SipRequest ack) {
    if (state != State.COMPLETED) return;
    state = State.CONFIRMED;
    last = null; // nothing is resent any more
    retransmitTimer.cancel();
    endTimer.cancel();
    // Timer I: absorb ACK retransmissions for T4 over UDP
    endTimer = host.setTimer(reliable() ? 0 : host.timers().t4(), this::terminate);
  }

  @Override
  public boolean onDialogAck(SipRequest ack) {
    if (state != State.ACCEPTED || acked) return false;
    acked = true;
    retransmitTimer.cancel();
    Handler<SipRequest> handler = ackHandler;
    // Accepted now only absorbs retransmitted INVITEs and ACKs (RFC 6026 §7.1): nothing to resend, nobody to tell
    last = null;
    ackHandler = null;
    ackTimeoutHandler = null;
    if (handler != null) handler.handle(ack);
    return true;
  }

  @Override
  public void release() {
    super.release();
    if (state != State.ACCEPTED || acked) {
      ackHandler = null;
      ackTimeoutHandler = null;
    }
  }

  @Override
  public void onCancel(SipRequest cancel) {
    if (state != State.PROCEEDING) return;
    respond(createResponse(487).build());
    if (cancelHandler != null) cancelHandler.handle(cancel);
  }

  @Override
  protected void onTransportError(Throwable e) {
    super.onTransportError(e);
    if (state != State.ACCEPTED) terminate();
  }

  @Override
  public void terminate() {
    if (state == State.TERMINATED) return;
    state = State.TERMINATED;
    retransmitTimer.cancel();
    endTimer.cancel();
    host.terminated(this);
    last = null;
    ackHandler = null;
    ackTimeoutHandler = null;
    cancelHandler = null;
  }
}
