package io.psip.sip.transaction.impl;

import io.psip.sip.message.Address;
import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transport.TransportAddress;

import java.util.function.Consumer;

/** RFC 3261 §17.1.1 (Figure 5) with RFC 6026's Accepted state for 2xx retransmissions. */
public final class InviteClientTransaction extends ClientTransactionImpl {
  enum State { CALLING, PROCEEDING, COMPLETED, ACCEPTED, TERMINATED }

  private State state = State.CALLING;
  private TimerHandle timerA = TimerHandle.NONE;
  private TimerHandle timerB = TimerHandle.NONE;
  private TimerHandle endTimer = TimerHandle.NONE; // Timer D or M
  private boolean cancelRequested;
  private Outbound ack;
  private final Consumer<SipRequest> canceller;

  /** @param canceller sends a CANCEL for this INVITE as its own non-INVITE transaction (RFC 3261 §9.1) */
  public InviteClientTransaction(TransactionHost host, SipRequest request, TransportAddress destination, String key,
                                 Consumer<SipRequest> canceller) {
    super(host, request, destination, key);
    this.canceller = canceller;
  }

  @Override
  public boolean isTerminated() { return state == State.TERMINATED; }

  @Override
  protected boolean awaitingFinal() { return state == State.CALLING || state == State.PROCEEDING; }

  @Override
  public void start() {
    transmit();
    interval = host.timers().t1();
    if (!reliable()) timerA = host.setTimer(interval, this::onTimerA);
    timerB = host.setTimer(host.timers().timeout(), this::onTimeout);
  }

  // Timer A: T1, doubling, until Timer B
  private void onTimerA() {
    if (state != State.CALLING) return;
    transmit();
    interval *= 2;
    timerA = host.setTimer(interval, this::onTimerA);
  }

  @Override
  public void cancel() {
    if (cancelRequested || state == State.COMPLETED || state == State.ACCEPTED || state == State.TERMINATED) return;
    cancelRequested = true;
    // RFC 3261 §9.1: a CANCEL may only be sent once a provisional response arrived
    if (state == State.PROCEEDING) sendCancel();
  }

  private void sendCancel() {
    canceller.accept(buildCancel());
    // RFC 3261 §9.1: with no final response 64*T1 after the CANCEL, the INVITE transaction is given up (the TU gets 408)
    timerB = host.setTimer(host.timers().timeout(), this::onTimeout);
  }

  /** RFC 3261 §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via; Route copied. */
  private SipRequest buildCancel() {
    SipRequest request = request();
    var b = SipRequest.builder("CANCEL", request.requestUri());
    for (SipHeader h : request.headers()) {
      String c = HeaderNames.canonical(h.name());
      if (c.equals(HeaderNames.VIA)) {
        b.add(HeaderNames.VIA, request.topVia());
        break;
      }
    }
    b.add(HeaderNames.MAX_FORWARDS, 70);
    copy(b, HeaderNames.FROM);
    copy(b, HeaderNames.TO);
    copy(b, HeaderNames.CALL_ID);
    b.add(HeaderNames.CSEQ, request.cseq().number() + " CANCEL");
    for (String route : request.headerValues(HeaderNames.ROUTE)) b.add(HeaderNames.ROUTE, route);
    return b.build();
  }

  private void copy(io.psip.sip.message.MessageBuilder.RequestBuilder b, String name) {
    b.add(name, request().header(name));
  }

  @Override
  public void onResponse(SipResponse response) {
    switch (state) {
      case CALLING, PROCEEDING -> {
        timerA.cancel();
        if (response.isProvisional()) {
          boolean first = state == State.CALLING;
          state = State.PROCEEDING;
          // Timer B only runs in Calling (RFC 3261 Figure 5): a call may ring for longer than 64*T1
          if (first) timerB.cancel();
          if (first && cancelRequested) sendCancel();
          responseHandler.handle(response);
        } else if (response.isSuccess()) {
          timerB.cancel();
          state = State.ACCEPTED;
          endTimer = host.setTimer(host.timers().timeout(), this::terminate); // Timer M
          host.releaseLater(this);
          responseHandler.handle(response);
        } else {
          timerB.cancel();
          state = State.COMPLETED;
          ack = host.prepareRequest(buildAck(response), destination);
          host.send(ack);
          // Timer D: 32 s over UDP, taken as 64*T1 so that it scales with a configured T1
          endTimer = host.setTimer(reliable() ? 0 : host.timers().timeout(), this::terminate);
          host.releaseLater(this);
          responseHandler.handle(response);
        }
      }
      case COMPLETED -> {
        if (!response.isProvisional() && !response.isSuccess()) host.send(ack);
      }
      case ACCEPTED -> {
        // RFC 6026 §8.4: retransmitted 2xx go to the TU, which re-sends its ACK
        if (response.isSuccess()) responseHandler.handle(response);
      }
      default -> { }
    }
  }

  /** RFC 3261 §17.1.1.3: the ACK for a non-2xx final response. */
  private SipRequest buildAck(SipResponse response) {
    SipRequest request = request();
    var b = SipRequest.builder("ACK", request.requestUri());
    b.add(HeaderNames.VIA, request.topVia());
    b.add(HeaderNames.MAX_FORWARDS, 70);
    b.add(HeaderNames.FROM, request.header(HeaderNames.FROM));
    Address to = response.to();
    b.add(HeaderNames.TO, to != null ? to.toString() : request.header(HeaderNames.TO));
    b.add(HeaderNames.CALL_ID, request.callId());
    b.add(HeaderNames.CSEQ, request.cseq().number() + " ACK");
    for (String route : request.headerValues(HeaderNames.ROUTE)) b.add(HeaderNames.ROUTE, route);
    return b.build();
  }

  @Override
  public void terminate() {
    if (state == State.TERMINATED) return;
    state = State.TERMINATED;
    timerA.cancel();
    timerB.cancel();
    endTimer.cancel();
    host.terminated(this);
    ack = null;
    responseHandler = NO_HANDLER;
  }

  @Override
  public void release() {
    super.release();
    // RFC 6026 §8.4: in Accepted, retransmitted 2xx still go to the TU (which should keep its handler small)
    if (state != State.ACCEPTED) responseHandler = NO_HANDLER;
  }
}
