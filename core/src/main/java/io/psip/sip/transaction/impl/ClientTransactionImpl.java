package io.psip.sip.transaction.impl;

import io.psip.sip.message.CSeq;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transaction.ClientTransaction;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What INVITE and non-INVITE client transactions share. Once the final response is in, the transaction keeps what
 * absorbing retransmitted responses needs and {@linkplain #release() drops} the request (and, but for a 2xx to
 * INVITE, which keeps going to the TU, the response handler).
 */
public abstract class ClientTransactionImpl implements ClientTransaction, Releasable {
  protected static final Logger log = LoggerFactory.getLogger(ClientTransaction.class);
  protected static final Handler<SipResponse> NO_HANDLER = r -> {};

  protected final TransactionHost host;
  private SipRequest request;
  /** The request as sent, for retransmissions (Timer A, Timer E). */
  private Outbound wire;
  private final String callId;
  private final CSeq cseq;
  protected final TransportAddress destination;
  protected final String key;
  protected Handler<SipResponse> responseHandler = NO_HANDLER;
  protected long interval;

  protected ClientTransactionImpl(TransactionHost host, SipRequest request, TransportAddress destination, String key) {
    this.host = host;
    this.request = request;
    this.callId = request.callId();
    this.cseq = request.cseq();
    this.destination = destination;
    this.key = key;
  }

  public String key() { return key; }

  @Override
  public SipRequest request() {
    if (request == null) throw new IllegalStateException(this + ": the request is released once the final response is in");
    return request;
  }

  @Override
  public void release() {
    request = null;
    wire = null;
  }

  @Override
  public TransportAddress destination() { return destination; }

  @Override
  public ClientTransaction responseHandler(Handler<SipResponse> handler) {
    this.responseHandler = handler;
    return this;
  }

  @Override
  public void cancel() {
    throw new IllegalStateException("only INVITE transactions can be cancelled");
  }

  protected boolean reliable() { return destination.transport().reliable(); }

  /** Sends the request and starts the timers. */
  public abstract void start();

  public abstract void onResponse(SipResponse response);

  protected void transmit() {
    if (wire == null) wire = host.prepareRequest(request, destination);
    host.send(wire).onFailure(this::onTransportError);
  }

  /** RFC 3261 §8.1.3.1: a transport error is reported to the TU as a 503. */
  protected void onTransportError(Throwable e) {
    // a send that fails after the final response came in (a late callback) changes nothing
    if (isTerminated() || !awaitingFinal()) return;
    log.info("{}: transport error towards {}: {}", this, destination, e.getMessage());
    deliverLocal(503, "cannot reach " + destination.hostPort() + ": " + e.getMessage());
  }

  /** RFC 3261 §8.1.3.1: a Timer B/F timeout is reported to the TU as a 408. */
  protected void onTimeout() {
    if (isTerminated()) return;
    log.info("{}: no final response from {} within 64*T1", this, destination);
    deliverLocal(408, "no response from " + destination.hostPort());
  }

  private void deliverLocal(int status, String why) {
    SipResponse r = SipResponse.to(request(), status).warning(host.warningAgent(), why).build();
    Handler<SipResponse> handler = responseHandler;
    terminate();
    handler.handle(r);
  }

  public abstract void terminate();

  /** True until the final response arrived (or was synthesised). */
  protected abstract boolean awaitingFinal();

  @Override
  public String toString() { return getClass().getSimpleName() + "[" + cseq + " " + callId + " -> " + destination + "]"; }
}
