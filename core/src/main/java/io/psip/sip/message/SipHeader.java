package io.psip.sip.message;

import io.psip.sip.message.impl.Lexer;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One header field as it appeared: its name as spelled on the wire and its value with line folding replaced by a
 * single SP (RFC 3261 §7.3.1) and surrounding whitespace removed. Immutable; equal when name and value are.
 *
 * <p>A parsed header keeps its value as a range of the message's own bytes and decodes it (UTF-8) the first time
 * {@link #value()} is asked for: a message that is only routed never pays for a String per header, and holds none.
 */
public final class SipHeader {
  private final String name;
  private final byte[] bytes; // the message's bytes for a parsed header, else null
  private final int offset;
  private final int length;
  private String value;       // decoded on first use (racy single-check: a String is safely published)

  /**
   * @throws IllegalArgumentException when the name is not a token or the value holds CR or LF: a header built by
   *                                  the application can never smuggle another header or end the header section
   */
  public SipHeader(String name, String value) {
    // a known spelling (the parser hands over the constants) is a token: found by its cached hash, not re-scanned
    if (name == null || !(HeaderNames.isKnownSpelling(name) || Lexer.isToken(name))) throw new IllegalArgumentException("header name is not a token: " + name);
    if (value == null) throw new IllegalArgumentException("header value is null");
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("CR or LF in the value of header " + name);
    }
    this.name = name;
    this.value = value;
    this.bytes = null;
    this.offset = 0;
    this.length = 0;
  }

  private SipHeader(String name, byte[] bytes, int offset, int length) {
    this.name = name;
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /**
   * A parsed header whose value is {@code bytes[offset, offset + length)}, read by the codec: the name is a token
   * and the range holds no CR or LF, which the parser has checked, so nothing is checked again. {@code bytes} is
   * kept, not copied: it must never change afterwards.
   */
  public static SipHeader parsed(String name, byte[] bytes, int offset, int length) {
    return new SipHeader(name, bytes, offset, length);
  }

  public String name() { return name; }

  public String value() {
    String v = value;
    if (v == null) value = v = decode();
    return v;
  }

  /** The value without keeping the decoded String: for a value that is parsed once into an object. */
  String transientValue() {
    String v = value;
    return v != null ? v : decode();
  }

  /** The message's bytes that hold the value (a parsed header), else {@code null}; never to be changed. */
  byte[] bytes() { return bytes; }

  /** Where the value starts in {@link #bytes()}. */
  int offset() { return offset; }

  /** Where the value ends in {@link #bytes()}. */
  int end() { return offset + length; }

  /** Keeps {@code v}, equal to the value, so that the message and this header share one String (Call-ID). */
  void share(String v) { if (value == null) value = v; }

  private String decode() {
    return length == 0 ? "" : new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof SipHeader h && h.name.equals(name) && h.value().equals(value());
  }

  @Override
  public int hashCode() { return Objects.hash(name, value()); }

  @Override
  public String toString() { return name + ": " + value(); }
}
