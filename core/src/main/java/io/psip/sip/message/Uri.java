package io.psip.sip.message;

/** A URI as it appears in a Request-URI or an address: {@link SipUri} for sip/sips, {@link OpaqueUri} otherwise. */
public sealed interface Uri permits SipUri, OpaqueUri {
  /** Lower-case scheme. */
  String scheme();

  default boolean isSip() { return this instanceof SipUri; }

  /** Parses any absolute URI: sip/sips strictly (RFC 3261 §19.1), other schemes as opaque (RFC 3986 scheme ":" rest). */
  static Uri parse(String text) throws SipSyntaxException { return SipUri.parseAny(text, 0, text.length()); }

  /**
   * {@link #parse(String)} of the ASCII bytes {@code b[from, to)}, read in place: no String is cut out for a sip or
   * sips URI. A byte above 0x7F is read as ISO-8859-1 (and makes a sip URI invalid, as its UTF-8 decoding would).
   */
  static Uri parseAscii(byte[] b, int from, int to) throws SipSyntaxException {
    return SipUri.parseAny(new io.psip.sip.message.impl.AsciiBytes(b), from, to);
  }

  static String abbreviate(String s) { return s.length() <= 64 ? s : s.substring(0, 61) + "..."; }
}
