package io.psip.sip.transaction.impl;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transport.TransportAddress;

/** RFC 3261 §17.1.2, Figure 6. */
public final class NonInviteClientTransaction extends ClientTransactionImpl {
  enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

  private State state = State.TRYING;
  private TimerHandle timerE = TimerHandle.NONE;
  private TimerHandle timerF = TimerHandle.NONE;
  private TimerHandle timerK = TimerHandle.NONE;

  public NonInviteClientTransaction(TransactionHost host, SipRequest request, TransportAddress destination, String key) {
    super(host, request, destination, key);
  }

  @Override
  public boolean isTerminated() { return state == State.TERMINATED; }

  @Override
  protected boolean awaitingFinal() { return state == State.TRYING || state == State.PROCEEDING; }

  @Override
  public void start() {
    transmit();
    interval = host.timers().t1();
    if (!reliable()) timerE = host.setTimer(interval, this::onTimerE);
    timerF = host.setTimer(host.timers().timeout(), this::onTimeout);
  }

  // Timer E: T1 doubling to T2 while Trying; T2 while Proceeding
  private void onTimerE() {
    if (state != State.TRYING && state != State.PROCEEDING) return;
    transmit();
    interval = state == State.TRYING ? Math.min(interval * 2, host.timers().t2()) : host.timers().t2();
    timerE = host.setTimer(interval, this::onTimerE);
  }

  @Override
  public void onResponse(SipResponse response) {
    switch (state) {
      case TRYING, PROCEEDING -> {
        if (response.isProvisional()) {
          state = State.PROCEEDING;
          responseHandler.handle(response);
          return;
        }
        state = State.COMPLETED;
        timerE.cancel();
        timerF.cancel();
        // Timer K: absorb response retransmissions for T4 over UDP
        timerK = host.setTimer(reliable() ? 0 : host.timers().t4(), this::terminate);
        host.releaseLater(this);
        responseHandler.handle(response);
      }
      default -> { } // retransmitted final responses are absorbed
    }
  }

  @Override
  public void terminate() {
    if (state == State.TERMINATED) return;
    state = State.TERMINATED;
    timerE.cancel();
    timerF.cancel();
    timerK.cancel();
    host.terminated(this);
    responseHandler = NO_HANDLER;
  }

  @Override
  public void release() {
    super.release();
    responseHandler = NO_HANDLER;
  }
}
