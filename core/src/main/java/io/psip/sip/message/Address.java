package io.psip.sip.message;

import io.psip.sip.message.impl.Lexer;

import java.util.ArrayList;
import java.util.List;

/**
 * A name-addr or addr-spec with header parameters: the value of From, To, Contact, Route, Record-Route,
 * Reply-To (RFC 3261 §20.10, §25.1). Immutable.
 */
public final class Address {
  private final String displayName; // unquoted, or null
  private final Uri uri;
  private final Parameters params;

  public Address(String displayName, Uri uri, Parameters params) {
    this.displayName = displayName;
    this.uri = uri;
    this.params = params == null ? Parameters.EMPTY : params;
  }

  public static Address of(Uri uri) { return new Address(null, uri, Parameters.EMPTY); }

  public String displayName() { return displayName; }

  public Uri uri() { return uri; }

  /** The URI when it is sip/sips, else {@code null}. */
  public SipUri sipUri() { return uri instanceof SipUri s ? s : null; }

  public Parameters params() { return params; }

  public String tag() { return params.get("tag"); }

  /** @throws IllegalArgumentException when {@code tag} is not a token */
  public Address withTag(String tag) {
    if (tag == null || !Lexer.isToken(tag)) throw new IllegalArgumentException("a tag is a token: " + tag);
    return new Address(displayName, uri, params.with("tag", tag));
  }

  /** @throws IllegalArgumentException when {@code ;name=value} would not parse back */
  public Address withParam(String name, String value) {
    Parameters.checkHeaderParam(name, value);
    return new Address(displayName, uri, params.with(name, value));
  }

  public Address withUri(Uri newUri) { return new Address(displayName, newUri, params); }

  /** Always serialised as name-addr, which is never ambiguous (RFC 3261 §20.10). */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(64);
    if (displayName != null) b.append(Lexer.quote(displayName)).append(' ');
    b.append('<').append(uri).append('>');
    return params.appendTo(b).toString();
  }

  @Override
  public boolean equals(Object o) { return o instanceof Address a && a.toString().equals(toString()); }

  @Override
  public int hashCode() { return toString().hashCode(); }

  /** Parses exactly one address; anything left over (another list element) is an error. */
  public static Address parse(String value) throws SipSyntaxException {
    return parse(value, 0, value.length());
  }

  /** {@link #parse(String)} of {@code s[from, to)}, read in place (a parsed message's bytes). */
  static Address parse(CharSequence s, int from, int to) throws SipSyntaxException {
    Lexer lx = new Lexer(s, from, to);
    lx.skipWs();
    Address a = parse(lx);
    lx.skipWs();
    if (!lx.atEnd()) throw lx.fail("unexpected '" + lx.peek() + "' after address");
    return a;
  }

  /** Parses a comma-separated list of addresses (Contact, Route, Record-Route). Empty elements are errors. */
  public static List<Address> parseList(String value) throws SipSyntaxException {
    return parseList(value, 0, value.length());
  }

  /** {@link #parseList(String)} of {@code s[from, to)}, read in place (a parsed message's bytes). */
  static List<Address> parseList(CharSequence s, int from, int to) throws SipSyntaxException {
    Lexer lx = new Lexer(s, from, to);
    List<Address> out = new ArrayList<>(2);
    lx.skipWs();
    do {
      out.add(parse(lx));
    } while (lx.tryMark(','));
    lx.skipWs();
    if (!lx.atEnd()) throw lx.fail("unexpected '" + lx.peek() + "' in address list");
    return out;
  }

  /**
   * name-addr = [ display-name ] LAQUOT addr-spec RAQUOT; display-name = *(token LWS) / quoted-string.
   * addr-spec form ends at the first ';' (the rest are header parameters, RFC 3261 §20.10), and may not
   * contain '?' or ',' (which would be ambiguous, RFC 4475 §3.1.2.13).
   */
  static Address parse(Lexer lx) throws SipSyntaxException {
    String display = null;
    Uri uri;
    char c = lx.peek();
    if (c == '"') {
      int start = lx.skipQuotedString("display name");
      display = Lexer.unquote(lx.source(), start, lx.pos()); // one copy, not the quoted form and then its inside
      lx.skipWs();
      if (lx.peek() != '<') throw lx.fail("expected '<' after display name");
      uri = bracketed(lx);
    } else if (c == '<') {
      uri = bracketed(lx);
    } else {
      int save = lx.pos();
      int lt = indexOfLaquot(lx);
      if (lt >= 0) {
        // *(token LWS) display name; RFC 4475 §3.1.1.6 asks us to accept no LWS before '<'
        StringBuilder dn = new StringBuilder();
        while (lx.pos() < lt) {
          String tok = lx.token("display name");
          if (dn.length() > 0) dn.append(' ');
          dn.append(tok);
          lx.skipWs();
          if (lx.pos() < lt && !Lexer.isTokenChar(lx.peek())) {
            throw lx.fail("invalid character '" + lx.peek() + "' in display name (quote it)");
          }
        }
        display = dn.toString();
        uri = bracketed(lx);
      } else {
        lx.pos(save);
        int start = lx.pos();
        while (!lx.atEnd()) {
          char d = lx.peek();
          if (d == ';' || d == ',' || d == ' ' || d == '\t') break;
          if (d == '?') throw lx.fail("an addr-spec with '?' must be enclosed in <> (RFC 3261 §20)");
          lx.next();
        }
        if (lx.pos() == start) throw lx.fail("missing URI in address");
        CharSequence s = lx.source();
        // the element cannot start with '<' here (that is a name-addr), so any '<' is after start
        if (Lexer.indexOf(s, ':', start, lx.pos()) < 0 && Lexer.indexOf(s, '<', start, lx.end()) > 0) {
          throw lx.fail("display name with non-token characters must be quoted (RFC 4475 §3.1.2.15)");
        }
        uri = SipUri.parseAny(s, start, lx.pos());
      }
    }
    Parameters params = Parameters.parseHeaderParams(lx);
    return new Address(display, uri, params);
  }

  /** Position of the '<' that opens a name-addr in this list element, or -1 when it is an addr-spec. */
  private static int indexOfLaquot(Lexer lx) {
    CharSequence s = lx.source();
    for (int i = lx.pos(); i < lx.end(); i++) {
      char c = s.charAt(i);
      if (c == '<') return i;
      if (c == ',' || c == ';' || c == ':' || c == '"') return -1;
    }
    return -1;
  }

  private static Uri bracketed(Lexer lx) throws SipSyntaxException {
    lx.next(); // '<'
    int start = lx.pos();
    CharSequence s = lx.source();
    int close = Lexer.indexOf(s, '>', start, lx.end());
    if (close < 0) throw lx.fail("missing '>' in address");
    if (close == start) throw lx.fail("empty <> in address");
    Uri uri;
    try {
      uri = SipUri.parseAny(s, start, close);
    } catch (SipSyntaxException e) {
      // whitespace before the '>' is reported before anything else about the URI; no URI holds SP or HTAB, so
      // the URI is searched for it only when it failed to parse (RFC 4475 §3.1.2.14)
      if (Lexer.indexOf(s, ' ', start, close) >= 0 || Lexer.indexOf(s, '\t', start, close) >= 0) {
        throw lx.fail("whitespace inside <> (RFC 4475 §3.1.2.14)");
      }
      throw e;
    }
    lx.pos(close + 1);
    return uri;
  }
}
