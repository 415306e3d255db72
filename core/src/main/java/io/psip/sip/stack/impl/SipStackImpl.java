package io.psip.sip.stack.impl;

import io.psip.sip.message.SipMessage;
import io.psip.sip.message.SipRequest;
import io.psip.sip.stack.SipStack;
import io.psip.sip.stack.SipStackOptions;
import io.psip.sip.transaction.ClientTransaction;
import io.psip.sip.transaction.ServerTransaction;
import io.psip.sip.transport.InboundMessage;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/** Placeholder while the implementation lands (same session). */
public class SipStackImpl implements SipStack {
  public SipStackImpl(Vertx vertx, SipStackOptions options) {}
  public SipStack requestHandler(Handler<ServerTransaction> h) { return this; }
  public SipStack ackHandler(Handler<InboundMessage> h) { return this; }
  public SipStack strayResponseHandler(Handler<InboundMessage> h) { return this; }
  public Future<Void> start() { return Future.failedFuture("not yet"); }
  public Future<Void> stop() { return Future.succeededFuture(); }
  public int udpPort() { return -1; }
  public int tcpPort() { return -1; }
  public ClientTransaction sendRequest(SipRequest r, TransportAddress d) { throw new UnsupportedOperationException(); }
  public Future<Void> sendStateless(SipMessage m, TransportAddress d) { return Future.failedFuture("not yet"); }
  public SipStackStats stats() { return new SipStackStats(0, 0, 0, 0, 0, 0, 0, 0); }
}
