package io.psip.sip.transaction.impl;

import io.psip.sip.transport.Transport;

/**
 * A message ready for the wire: its bytes and where they go. A transaction that may have to send a message again
 * (a final response while retransmissions of the request arrive, the ACK of a non-2xx) keeps this rather than the
 * parsed or built message: a transaction lingers 32 s after its work is done (RFC 3261 §17), so what it keeps,
 * multiplied by 32 s of calls, is most of a busy node's heap.
 */
public record Outbound(byte[] bytes, Transport transport, long connectionId, String host, int port) {}
