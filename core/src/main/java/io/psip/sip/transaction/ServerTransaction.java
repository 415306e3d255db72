package io.psip.sip.transaction;

import io.psip.sip.message.MessageBuilder;
import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Handler;

import java.util.List;

/**
 * A server transaction (RFC 3261 §17.2): the stack has already absorbed retransmissions of its request and will
 * retransmit its final response over UDP. All methods must be called on the stack's context.
 */
public interface ServerTransaction {
  /**
   * The request. Available until the final response is sent and the task that sent it returns: the transaction then
   * lingers (up to 64*T1) only to absorb retransmissions and drops the request ({@link IllegalStateException}).
   */
  SipRequest request();

  /** The packet's real source address and transport. */
  TransportAddress source();

  /**
   * A response builder with Via, From, To, Call-ID and CSeq copied and this transaction's To tag added (status > 100).
   * Needs the request: see {@link #request()}.
   */
  MessageBuilder.ResponseBuilder createResponse(int status);

  /**
   * Sends a response. Provisional responses may be sent many times; the first final response ends the
   * transaction's interest in the TU (later ones are ignored and logged). For INVITE, a 2xx is retransmitted
   * until the ACK arrives, over any transport (RFC 3261 §13.3.1.4, RFC 6026).
   */
  void respond(SipResponse response);

  /** Shorthand: a response with this status and, for status >= 300, a {@code Warning: 399} carrying {@code warning}. */
  void respond(int status, String warning);

  /** As {@link #respond(int, String)}, with extra headers (a challenge's {@code Proxy-Authenticate} values). */
  void respond(int status, String warning, List<SipHeader> headers);

  /** The To tag this transaction puts in its responses. */
  String localTag();

  /** True once a final response was sent. */
  boolean isCompleted();

  /**
   * Called when a CANCEL matches this INVITE transaction before its final response: the stack has already answered
   * the CANCEL with 200 and the INVITE with 487 (RFC 3261 §9.2).
   */
  ServerTransaction cancelHandler(Handler<SipRequest> handler);

  /** Called once when the ACK for this INVITE's 2xx arrives (RFC 3261 §13.3.1.4). */
  ServerTransaction ackHandler(Handler<SipRequest> handler);

  /** Called once when the 2xx was never acknowledged within 64*T1 (RFC 3261 §13.3.1.4: the session should end). */
  ServerTransaction ackTimeoutHandler(Handler<Void> handler);
}
