package io.psip.sip.transport;

import io.psip.sip.message.SipMessage;

/**
 * A message as it arrived: its packet's real source (never taken from a header), the transport, and for stream
 * transports the connection it came on, so that responses reuse it (RFC 3261 §18.2.2).
 */
public record InboundMessage(SipMessage message, TransportAddress source, long connectionId) {
  public static final long NO_CONNECTION = -1;
}
