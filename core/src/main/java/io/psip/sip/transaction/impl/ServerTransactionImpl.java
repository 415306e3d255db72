package io.psip.sip.transaction.impl;

import io.psip.sip.message.CSeq;
import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.MessageBuilder;
import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transaction.ServerTransaction;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What INVITE and non-INVITE server transactions share: identity, response building, resending. Once the final
 * response is out, the transaction keeps only what absorbing retransmissions needs — its keys and the bytes of that
 * response — and {@linkplain #release() drops} the request and the TU's handlers.
 */
public abstract class ServerTransactionImpl implements ServerTransaction, Releasable {
  protected static final Logger log = LoggerFactory.getLogger(ServerTransaction.class);

  protected final TransactionHost host;
  private SipRequest request;
  private final String callId;
  private final CSeq cseq;
  protected final TransportAddress source;
  protected final long connectionId;
  protected final String key;
  private final String localTag;
  private String mergeKey;
  /** The last response sent, as sent: resent for retransmitted requests. */
  protected Outbound last;
  protected Handler<SipRequest> cancelHandler;
  protected Handler<SipRequest> ackHandler;
  protected Handler<Void> ackTimeoutHandler;

  protected ServerTransactionImpl(TransactionHost host, SipRequest request, TransportAddress source, long connectionId, String key) {
    this.host = host;
    this.request = request;
    this.callId = request.callId();
    this.cseq = request.cseq();
    this.source = source;
    this.connectionId = connectionId;
    this.key = key;
    String existing = request.to() == null ? null : request.to().tag();
    this.localTag = existing != null ? existing : MessageBuilder.randomToken();
  }

  public String key() { return key; }

  /** RFC 3261 §8.2.2.2: the key under which the stack remembers this request to detect a merged copy, or null. */
  public String mergeKey() { return mergeKey; }

  public void mergeKey(String key) { this.mergeKey = key; }

  @Override
  public SipRequest request() {
    if (request == null) throw new IllegalStateException(this + ": the request is released once the final response is sent");
    return request;
  }

  /** Drops the request and the handlers the TU set; what stays answers retransmissions. */
  @Override
  public void release() {
    request = null;
    cancelHandler = null;
  }

  @Override
  public TransportAddress source() { return source; }

  @Override
  public String localTag() { return localTag; }

  @Override
  public MessageBuilder.ResponseBuilder createResponse(int status) {
    MessageBuilder.ResponseBuilder b = SipResponse.to(request(), status);
    if (status > 100) b.toTag(localTag);
    if (status >= 300 || status == 100) b.add(HeaderNames.SERVER, host.agent());
    return b;
  }

  @Override
  public void respond(int status, String warning) {
    respond(status, warning, List.of());
  }

  @Override
  public void respond(int status, String warning, List<SipHeader> headers) {
    if (isCompleted()) {
      log.debug("{}: response {} after the final one ignored", this, status);
      return;
    }
    MessageBuilder.ResponseBuilder b = createResponse(status);
    for (SipHeader h : headers) b.add(h.name(), h.value());
    if (warning != null && status >= 300) b.warning(host.warningAgent(), warning);
    respond(b.build());
  }

  @Override
  public ServerTransaction cancelHandler(Handler<SipRequest> handler) {
    this.cancelHandler = handler;
    return this;
  }

  @Override
  public ServerTransaction ackHandler(Handler<SipRequest> handler) {
    this.ackHandler = handler;
    return this;
  }

  @Override
  public ServerTransaction ackTimeoutHandler(Handler<Void> handler) {
    this.ackTimeoutHandler = handler;
    return this;
  }

  protected void send(SipResponse r) {
    last = host.prepareResponse(r, source, connectionId);
    host.send(last).onFailure(this::onTransportError);
    if (!r.isProvisional()) host.releaseLater(this);
  }

  protected void resendLast() {
    if (last != null) host.send(last);
  }

  protected boolean reliable() { return source.transport().reliable(); }

  /** A retransmission of this transaction's request arrived (never passed to the TU). */
  public abstract void onRetransmission(SipRequest retransmission);

  /** An ACK matching this transaction (non-2xx ACK for INVITE). */
  public void onAck(SipRequest ack) {}

  /** The 2xx ACK for this INVITE arrived (RFC 3261 §13.3.1.4); returns true only for the first one. */
  public boolean onDialogAck(SipRequest ack) { return false; }

  /** A CANCEL matched this transaction; answers the INVITE with 487 when still pending (RFC 3261 §9.2). */
  public void onCancel(SipRequest cancel) {}

  protected void onTransportError(Throwable e) {
    log.debug("could not send response for {}: {}", this, e.toString());
  }

  /** Stops timers and forgets the transaction. */
  public abstract void terminate();

  @Override
  public String toString() { return getClass().getSimpleName() + "[" + cseq + " " + callId + "]"; }
}
