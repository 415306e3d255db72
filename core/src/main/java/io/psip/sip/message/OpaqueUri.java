package io.psip.sip.message;

/** A URI of a scheme psip does not route on (tel:, http:, urn: …), kept as written. */
public record OpaqueUri(String scheme, String text) implements Uri {
  /** RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then printable, non-space characters. */
  public static OpaqueUri parse(String text) throws SipSyntaxException {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) throw new SipSyntaxException("malformed URI: " + Uri.abbreviate(text));
    char first = text.charAt(0);
    if (!isAlpha(first)) throw new SipSyntaxException("malformed URI scheme: " + Uri.abbreviate(text));
    for (int i = 1; i < colon; i++) {
      char c = text.charAt(i);
      if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        throw new SipSyntaxException("malformed URI scheme: " + Uri.abbreviate(text));
      }
    }
    for (int i = colon + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 127 || c == '<' || c == '>' || c == '"') {
        throw new SipSyntaxException("invalid character in URI: " + Uri.abbreviate(text));
      }
    }
    return new OpaqueUri(text.substring(0, colon).toLowerCase(java.util.Locale.ROOT), text);
  }

  private static boolean isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  @Override
  public String toString() { return text; }
}
