package io.psip.sip.transaction.impl;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transaction.ClientTransaction;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What INVITE and non-INVITE client transactions share. */
public abstract class ClientTransactionImpl implements ClientTransaction {
  protected static final Logger log = LoggerFactory.getLogger(ClientTransaction.class);

  protected final TransactionHost host;
  protected final SipRequest request;
  protected final TransportAddress destination;
  protected final String key;
  protected Handler<SipResponse> responseHandler = r -> {};
  protected long interval;

  protected ClientTransactionImpl(TransactionHost host, SipRequest request, TransportAddress destination, String key) {
    this.host = host;
    this.request = request;
    this.destination = destination;
    this.key = key;
  }

  public String key() { return key; }

  @Override
  public SipRequest request() { return request; }

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
    host.transmit(request, destination).onFailure(this::onTransportError);
  }

  /** RFC 3261 §8.1.3.1: a transport error is reported to the TU as a 503. */
  protected void onTransportError(Throwable e) {
    if (isTerminated()) return;
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
    SipResponse r = SipResponse.to(request, status).warning(host.warningAgent(), why).build();
    terminate();
    responseHandler.handle(r);
  }

  public abstract void terminate();

  @Override
  public String toString() { return getClass().getSimpleName() + "[" + request.summary() + " -> " + destination + "]"; }
}
