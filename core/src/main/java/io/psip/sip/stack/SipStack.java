package io.psip.sip.stack;

import io.psip.sip.message.SipMessage;
import io.psip.sip.message.SipRequest;
import io.psip.sip.stack.impl.SipStackImpl;
import io.psip.sip.transaction.ClientTransaction;
import io.psip.sip.transaction.ServerTransaction;
import io.psip.sip.transport.InboundMessage;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * psip's RFC 3261 SIP stack: UDP and TCP transports, the codec, the transaction layer and the core request policy.
 * <p>
 * Threading: the stack lives on the Vert.x context that calls {@link #start()} (normally a verticle's event loop);
 * every handler runs there and every method must be called from there.
 * <p>
 * What reaches the request handler: new requests (never retransmissions) that parsed, passed the core policy
 * (scheme, method, Require, body type…), and are not OPTIONS to a served host nor ACK nor CANCEL.
 */
public interface SipStack {
  static SipStack create(Vertx vertx, SipStackOptions options) {
    return new SipStackImpl(vertx, options);
  }

  /** Methods the stack lets through to the request handler; others get 405 (known) or 501 (unknown). */
  java.util.List<String> ALLOWED_METHODS = java.util.List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", "UPDATE");

  SipStack requestHandler(Handler<ServerTransaction> handler);

  /** ACKs that match no INVITE transaction of this stack (for example ACKs to relayed 2xx responses). */
  SipStack ackHandler(Handler<InboundMessage> handler);

  /** Responses that match no client transaction: retransmitted 2xx to INVITE (RFC 3261 §13.2.2.4). */
  SipStack strayResponseHandler(Handler<InboundMessage> handler);

  /** Binds UDP and TCP. Fails, naming the address, when a port is taken. */
  Future<Void> start();

  /** Closes sockets and cancels every timer. */
  Future<Void> stop();

  /** The bound UDP port (useful with port 0), or -1. */
  int udpPort();

  /** The bound TCP port, or -1. */
  int tcpPort();

  /**
   * How long a datagram arriving now waits before the stack reads it, in milliseconds — in the kernel's receive
   * buffer and behind the event loop's other work, a backlog the loop's own timing cannot see: measured by a small
   * probe datagram the stack sends itself (while one is out, its age so far). -1 before the first
   * measurement or without UDP. From one thread at a time, off the event loop (it sends the probe).
   */
  long udpQueueWaitMs();

  /** Sends a request in a new client transaction; the stack adds the top Via (with a fresh branch and rport). */
  ClientTransaction sendRequest(SipRequest request, TransportAddress destination);

  /** Sends a message outside any transaction (ACK for 2xx, RFC 3261 §13.2.2.4). */
  Future<Void> sendStateless(SipMessage message, TransportAddress destination);

  /**
   * The bytes {@link #sendStateless} would send over {@code transport} (a request gets a top Via with a fresh branch):
   * for a holder that may send the same message again (an ACK re-sent for a retransmitted 2xx) and should keep bytes
   * rather than the message.
   */
  byte[] encodeStateless(SipMessage message, Transport transport);

  /** Sends bytes from {@link #encodeStateless} outside any transaction. */
  Future<Void> sendEncoded(byte[] bytes, TransportAddress destination);

  /** Live counts, for tests, metrics and leak checks. */
  SipStackStats stats();

  record SipStackStats(int serverTransactions, int clientTransactions, int pendingAcks, int tcpConnections,
                       long timers, long receivedMessages, long parseFailures, long retransmissionsAbsorbed) {}
}
