package io.psip.sip.transaction;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Handler;

/**
 * A client transaction (RFC 3261 §17.1). Its response handler sees each provisional response, then exactly one
 * final response: received, or synthesised by the stack as 408 (Timer B/F fired) or 503 (transport error). An
 * INVITE that has had a provisional response waits for its final response as long as it takes (RFC 3261 Figure 5:
 * Timer B only runs in Calling); the application ends it with {@link #cancel()}.
 * Retransmitted responses are absorbed, except 2xx to INVITE which RFC 3261 §13.2.2.4 passes to the TU every time.
 */
public interface ClientTransaction {
  /**
   * The request as sent, with the Via the stack added; dropped ({@link IllegalStateException}) once the final
   * response is in and the task handling it returns.
   */
  SipRequest request();

  TransportAddress destination();

  ClientTransaction responseHandler(Handler<SipResponse> handler);

  /**
   * Cancels an INVITE (RFC 3261 §9.1): sends CANCEL once a provisional response has arrived, or as soon as one
   * arrives; does nothing after a final response. When no final response follows within 64*T1 of the CANCEL, the
   * transaction ends with a synthesised 408.
   */
  void cancel();

  boolean isTerminated();
}
