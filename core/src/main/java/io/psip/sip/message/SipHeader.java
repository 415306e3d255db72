package io.psip.sip.message;

import io.psip.sip.message.impl.Lexer;

/**
 * One header field as it appeared: its name as spelled on the wire and its value with line folding replaced by a
 * single SP (RFC 3261 §7.3.1) and surrounding whitespace removed.
 */
public record SipHeader(String name, String value) {
  /**
   * @throws IllegalArgumentException when the name is not a token or the value holds CR or LF: a header built by
   *                                  the application can never smuggle another header or end the header section
   */
  public SipHeader {
    // a known spelling (the parser hands over the constants) is a token: found by its cached hash, not re-scanned
    if (name == null || !(HeaderNames.isKnownSpelling(name) || Lexer.isToken(name))) throw new IllegalArgumentException("header name is not a token: " + name);
    if (value == null) throw new IllegalArgumentException("header value is null");
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("CR or LF in the value of header " + name);
    }
  }

  @Override
  public String toString() { return name + ": " + value; }
}
