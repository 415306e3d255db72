package io.psip.sip.transport.impl;

import io.psip.sip.codec.ParseFailure;
import io.psip.sip.message.SipMessage;
import io.psip.sip.transport.TransportAddress;

/** Where transports deliver what they decoded; called on the stack's context. */
public interface InboundSink {
  void onMessage(SipMessage message, TransportAddress source, long connectionId);

  /** A message that did not parse; {@code closeAfterReply} when a stream's framing is lost. */
  void onFailure(ParseFailure failure, TransportAddress source, long connectionId, boolean closeAfterReply);

  /** RFC 5626 §4.4.1: a CRLFCRLF ping on a stream is answered with a CRLF pong. */
  void onPing(TransportAddress source, long connectionId);
}
