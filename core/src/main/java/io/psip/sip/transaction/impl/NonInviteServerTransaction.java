package io.psip.sip.transaction.impl;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transport.TransportAddress;

/** RFC 3261 §17.2.2, Figure 8. */
public final class NonInviteServerTransaction extends ServerTransactionImpl {
  enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

  private State state = State.TRYING;
  private TimerHandle timerJ = TimerHandle.NONE;

  public NonInviteServerTransaction(TransactionHost host, SipRequest request, TransportAddress source, long connectionId, String key) {
    super(host, request, source, connectionId, key);
  }

  @Override
  public boolean isCompleted() { return state == State.COMPLETED || state == State.TERMINATED; }

  @Override
  public void respond(SipResponse response) {
    switch (state) {
      case TRYING, PROCEEDING -> {
        send(response);
        if (response.isProvisional()) {
          state = State.PROCEEDING;
        } else {
          state = State.COMPLETED;
          // Timer J: absorb retransmissions for 64*T1 over UDP, none needed over TCP
          timerJ = host.setTimer(reliable() ? 0 : host.timers().timeout(), this::terminate);
        }
      }
      default -> log.debug("{}: response {} after the final one ignored", this, response.status());
    }
  }

  @Override
  public void onRetransmission(SipRequest retransmission) {
    if (state == State.PROCEEDING || state == State.COMPLETED) resendLast();
  }

  @Override
  protected void onTransportError(Throwable e) {
    super.onTransportError(e);
    terminate();
  }

  @Override
  public void terminate() {
    if (state == State.TERMINATED) return;
    state = State.TERMINATED;
    timerJ.cancel();
    host.terminated(this);
    last = null;
  }
}
