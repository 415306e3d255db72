package io.psip.sip.transaction.impl;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transaction.TimerSettings;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Future;

/** What a transaction needs from the stack: sending, timers, and forgetting it when it terminates. */
public interface TransactionHost {
  /** A response addressed towards where the request came from (RFC 3261 §18.2.2), its top Via stamped, encoded. */
  Outbound prepareResponse(SipResponse response, TransportAddress source, long connectionId);

  /** A request encoded and addressed to {@code destination} (no transaction). */
  Outbound prepareRequest(SipRequest request, TransportAddress destination);

  /** Puts bytes on the wire. */
  Future<Void> send(Outbound message);

  /**
   * Calls {@code tx.release()} once the task running now on the stack's context is over, so that the TU may still
   * read the transaction's request right after its final response.
   */
  void releaseLater(Releasable tx);

  /** An INVITE server transaction entered Accepted: the ACK for its 2xx must find it. */
  void awaitAck(InviteServerTransaction tx);

  /** Runs {@code action} on the stack's context after at least {@code delayMs}, unless cancelled first. */
  TimerHandle setTimer(long delayMs, Runnable action);

  TimerSettings timers();

  /** The Server header value. */
  String agent();

  /** The warn-agent for {@code Warning: 399} (a hostport). */
  String warningAgent();

  void terminated(ServerTransactionImpl tx);

  void terminated(ClientTransactionImpl tx);
}
