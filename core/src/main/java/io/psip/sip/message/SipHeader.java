package io.psip.sip.message;

/**
 * One header field as it appeared: its name as spelled on the wire and its value with line folding replaced by a
 * single SP (RFC 3261 §7.3.1) and surrounding whitespace removed.
 */
public record SipHeader(String name, String value) {
  public SipHeader {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("header name is empty");
    if (value == null) throw new IllegalArgumentException("header value is null");
  }

  @Override
  public String toString() { return name + ": " + value; }
}
