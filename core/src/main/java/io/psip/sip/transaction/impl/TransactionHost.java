package io.psip.sip.transaction.impl;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transaction.TimerSettings;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Future;

/** What a transaction needs from the stack: sending, timers, and forgetting it when it terminates. */
public interface TransactionHost {
  /** Sends a response towards where the request came from (RFC 3261 §18.2.2). */
  Future<Void> sendResponse(SipResponse response, TransportAddress source, long connectionId);

  /** Sends a request on the wire (no transaction). */
  Future<Void> transmit(SipRequest request, TransportAddress destination);

  /** An INVITE server transaction entered Accepted: the ACK for its 2xx must find it. */
  void awaitAck(InviteServerTransaction tx);

  long setTimer(long delayMs, Runnable action);

  void cancelTimer(long id);

  TimerSettings timers();

  /** The Server header value. */
  String agent();

  /** The warn-agent for {@code Warning: 399} (a hostport). */
  String warningAgent();

  void terminated(ServerTransactionImpl tx);

  void terminated(ClientTransactionImpl tx);
}
