package io.psip.sip.codec;

import io.psip.sip.message.SipMessage;

/** The outcome of decoding bytes: a message, a failure (a value, never thrown), or a keep-alive. */
public sealed interface DecodeResult {
  record Message(SipMessage message) implements DecodeResult {}

  /** @param closeConnection the stream can no longer be framed (RFC 4475 §3.1.2.3): close it after answering */
  record Failure(ParseFailure failure, boolean closeConnection) implements DecodeResult {}

  /** RFC 5626 §3.5.1 CRLF keep-alive: a double CRLF ping ({@code ping = true}) or a single CRLF pong. */
  record KeepAlive(boolean ping) implements DecodeResult {}
}
