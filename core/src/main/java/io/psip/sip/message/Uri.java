package io.psip.sip.message;

/** A URI as it appears in a Request-URI or an address: {@link SipUri} for sip/sips, {@link OpaqueUri} otherwise. */
public sealed interface Uri permits SipUri, OpaqueUri {
  /** Lower-case scheme. */
  String scheme();

  default boolean isSip() { return this instanceof SipUri; }

  /** Parses any absolute URI: sip/sips strictly (RFC 3261 §19.1), other schemes as opaque (RFC 3986 scheme ":" rest). */
  static Uri parse(String text) throws SipSyntaxException {
    int colon = text.indexOf(':');
    if (colon <= 0) throw new SipSyntaxException("URI has no scheme: " + abbreviate(text));
    // the scheme is compared in place: SipUri.parse reads it again, so cutting it out here would copy it twice
    if (SipUri.sipScheme(text, colon) >= 0) return SipUri.parse(text, colon);
    return OpaqueUri.parse(text);
  }

  static String abbreviate(String s) { return s.length() <= 64 ? s : s.substring(0, 61) + "..."; }
}
