package io.psip.sip.message;

import io.psip.sip.message.impl.HostSyntax;
import io.psip.sip.message.impl.Interned;
import io.psip.sip.message.impl.Lexer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SIP or SIPS URI (RFC 3261 §19.1, §25.1), immutable. The user part, password and header part are kept
 * escaped as written; {@link #user()} unescapes once (RFC 4475 §3.1.1.3: never recursively).
 */
public final class SipUri implements Uri {
  private final boolean secure;
  private final String user;       // escaped, may be null
  private final String password;   // escaped, may be null
  private final String host;       // as written; IPv6 references keep their brackets
  private final int port;          // -1 when absent
  private final Parameters params;
  private final String headers;    // after '?', escaped, may be null
  private String text;

  private SipUri(boolean secure, String user, String password, String host, int port, Parameters params,
                 String headers, String text) {
    this.secure = secure;
    this.user = user;
    this.password = password;
    this.host = host;
    this.port = port;
    this.params = params;
    this.headers = headers;
    this.text = text;
  }

  /**
   * A URI from parts; {@code user} is in escaped form. Parts that would not parse back (a host that is not a
   * hostname, IPv4 address or bracketed IPv6 reference, a user with a space...) are refused with an
   * {@link IllegalArgumentException}: a built URI always serialises to a valid one.
   */
  public static SipUri of(boolean secure, String user, String host, int port) {
    return new SipUri(secure, checkUser(user), null, checkHost(host), checkPort(port), Parameters.EMPTY, null, null);
  }

  public static SipUri of(String user, String host, int port) { return of(false, user, host, port); }

  @Override
  public String scheme() { return secure ? "sips" : "sip"; }

  public boolean secure() { return secure; }

  /** The user part as written (escaped), or {@code null}. */
  public String userEscaped() { return user; }

  /** The user part with %HEX HEX escapes decoded once (UTF-8), or {@code null}. */
  public String user() { return user == null ? null : unescape(user); }

  public String password() { return password; }

  /** The host as written: a name, an IPv4 address, or an IPv6 reference in brackets. */
  public String host() { return host; }

  /** The host without IPv6 brackets, lower-cased: what a resolver or an ACL compares. */
  public String hostName() {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.toLowerCase(Locale.ROOT);
  }

  public boolean isIpv6() { return host.startsWith("["); }

  /** The explicit port, or -1. */
  public int port() { return port; }

  public Parameters params() { return params; }

  public String param(String name) { return params.get(name); }

  /** The header part after '?', escaped, or {@code null}. */
  public String headers() { return headers; }

  /** The {@code transport} parameter lower-cased, or {@code null}. */
  public String transport() {
    String t = params.get("transport");
    return t == null ? null : t.toLowerCase(Locale.ROOT);
  }

  public boolean lr() { return params.has("lr"); }

  public String maddr() { return params.get("maddr"); }

  /** @throws IllegalArgumentException when {@code escapedUser} is not a valid (escaped) user part */
  public SipUri withUser(String escapedUser) {
    return new SipUri(secure, checkUser(escapedUser), password, host, port, params, headers, null);
  }

  /** @throws IllegalArgumentException when the host or the port is not valid */
  public SipUri withHostPort(String host, int port) {
    return new SipUri(secure, user, password, checkHost(host), checkPort(port), params, headers, null);
  }

  /** @throws IllegalArgumentException when the name or value is not a valid (escaped) uri-parameter part */
  public SipUri withParam(String name, String value) {
    if (name == null || name.isEmpty() || !isParamText(name) || (value != null && (value.isEmpty() || !isParamText(value)))) {
      throw new IllegalArgumentException("invalid URI parameter: " + name + "=" + value);
    }
    return new SipUri(secure, user, password, host, port, params.with(name, value), headers, null);
  }

  private static boolean isParamText(String s) {
    for (int i = 0; i < s.length(); i++) if (!isParamChar(s.charAt(i))) return false;
    return validEscapes(s);
  }

  private static String checkUser(String user) {
    if (user == null) return null;
    for (int i = 0; i < user.length(); i++) {
      char c = user.charAt(i);
      if (!in(USER_CHARS, c)) {
        throw new IllegalArgumentException("invalid character '" + printable(c) + "' in URI user part (escape it)");
      }
    }
    if (user.isEmpty() || !validEscapes(user)) throw new IllegalArgumentException("invalid URI user part: " + user);
    return user;
  }

  private static String checkHost(String host) {
    String problem = host == null ? "no host" : HostSyntax.problem(host);
    if (problem != null) throw new IllegalArgumentException(problem + ": " + host);
    return host;
  }

  private static int checkPort(int port) {
    if (port < -1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    return port;
  }

  public SipUri withoutParam(String name) {
    return new SipUri(secure, user, password, host, port, params.without(name), headers, null);
  }

  public SipUri withoutHeaders() {
    return headers == null ? this : new SipUri(secure, user, password, host, port, params, null, null);
  }

  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      StringBuilder b = new StringBuilder(48).append(scheme()).append(':');
      if (user != null) {
        b.append(user);
        if (password != null) b.append(':').append(password);
        b.append('@');
      }
      b.append(host);
      if (port >= 0) b.append(':').append(port);
      params.appendTo(b);
      if (headers != null) b.append('?').append(headers);
      text = t = b.toString();
    }
    return t;
  }

  @Override
  public boolean equals(Object o) { return o instanceof SipUri u && u.toString().equals(toString()); }

  @Override
  public int hashCode() { return toString().hashCode(); }

  /** {@link Uri#parse(String)} of {@code s[from, to)}, read in place (no String cut out for a sip/sips URI). */
  static Uri parseAny(CharSequence s, int from, int to) throws SipSyntaxException {
    int colon = Lexer.indexOf(s, ':', from, to);
    if (colon <= from) throw bad("URI has no scheme: ", s, from, to);
    // the scheme is compared in place: parse() reads it again, so cutting it out here would copy it twice
    if (sipScheme(s, from, colon) >= 0) return parse(s, from, colon, to);
    return OpaqueUri.parse(Lexer.substring(s, from, to));
  }

  /** Parses a SIP or SIPS URI strictly by the grammar of RFC 3261 §25.1. */
  public static SipUri parse(String text) throws SipSyntaxException {
    return parse(text, 0, text.indexOf(':'), text.length());
  }

  /**
   * {@link #parse(String)} of {@code s[from, n)}, read in place (a header value or a parsed message's bytes), with
   * the first ':' already found at {@code colon} (by {@link Uri#parse}), or -1.
   */
  static SipUri parse(CharSequence s, int from, int colon, int n) throws SipSyntaxException {
    int kind = colon < 0 ? -1 : sipScheme(s, from, colon);
    if (kind < 0) throw bad("not a sip or sips URI: ", s, from, n);
    int at = Lexer.indexOf(s, '@', colon + 1, n);
    try {
      return parse(s, from, n, kind == 1, colon + 1, at);
    } catch (SipSyntaxException e) {
      // a second '@' is reported first, as a check before parsing the parts would; it cannot be in a part after
      // the first '@' (host, port, parameters, headers) without making that part invalid, so it is looked for
      // only when something failed: a valid URI is not scanned twice
      if (at >= 0 && Lexer.indexOf(s, '@', at + 1, n) >= 0) throw bad("more than one '@' in URI: ", s, from, n);
      throw e;
    }
  }

  /** The rest of {@link #parse(CharSequence, int, int, int)}: {@code p} is after the ':', {@code at} the first '@'. */
  private static SipUri parse(CharSequence s, int from, int n, boolean secure, int p, int at)
      throws SipSyntaxException {
    String user = null;
    String password = null;
    if (at >= 0) {
      int pw = Lexer.indexOf(s, ':', p, at);
      int userEnd = pw >= 0 ? pw : at;
      if (userEnd == p) throw bad("empty user part in URI: ", s, from, n);
      checkChars(s, p, userEnd, USER_CHARS, "user part", from, n);
      user = Lexer.substring(s, p, userEnd);
      if (userEnd < at) {
        checkChars(s, userEnd + 1, at, PASSWORD_CHARS, "password", from, n);
        password = Lexer.substring(s, userEnd + 1, at);
      }
      p = at + 1;
    }
    // the text is kept only when toString() could not rebuild it exactly from the parts: a parsed message does
    // not hold every URI twice (lower-case scheme and a port without leading zeros is the common case)
    boolean canonicalText = Lexer.startsWith(s, secure ? "sips" : "sip", from);
    // hostport = host [ ":" port ]
    int hostEnd;
    boolean hostname = false; // a valid hostname, as HostSyntax.problem would find it
    boolean numeric = false;  // digits and dots only: an IPv4 address or nothing valid
    if (p < n && s.charAt(p) == '[') {
      hostEnd = Lexer.indexOf(s, ']', p, n);
      if (hostEnd < 0) throw bad("unterminated IPv6 reference in URI: ", s, from, n);
      hostEnd++;
    } else {
      // the host is classified on the way to its end, as HostSyntax.problem does in a pass of its own:
      // hostname = *( domainlabel "." ) toplabel, labels of alphanum and "-" with neither end "-" (RFC 3261 §25.1)
      hostEnd = p;
      boolean name = true;
      numeric = true;
      int label = p;
      for (char c; hostEnd < n && (c = s.charAt(hostEnd)) != ':' && c != ';' && c != '?'; hostEnd++) {
        if (c == '.') {
          if (hostEnd == label || s.charAt(label) == '-' || s.charAt(hostEnd - 1) == '-') name = false;
          label = hostEnd + 1;
        } else if (c < '0' || c > '9') {
          numeric = false;
          if (!HostSyntax.isHostnameChar(c)) name = false;
        }
      }
      // a trailing "." (an empty last label) and every other case are left to HostSyntax.problem
      hostname = name && !numeric && hostEnd > label && s.charAt(label) != '-' && s.charAt(hostEnd - 1) != '-';
      numeric = numeric && hostEnd > p;
    }
    String host = Lexer.substring(s, p, hostEnd);
    if (HostSyntax.looksLikeBareIpv6(s, p, n)) {
      throw bad("IPv6 address not enclosed in [] (RFC 5118 §4.2) in URI: ", s, from, n);
    }
    String hostProblem = hostname ? null
        : numeric ? (HostSyntax.isIpv4(host, 0, host.length()) ? null : "invalid IPv4 address")
        : HostSyntax.problem(host);
    if (hostProblem != null) throw bad(hostProblem + " in URI: ", s, from, n);
    p = hostEnd;
    int port = -1;
    if (p < n && s.charAt(p) == ':') {
      // port = 1*DIGIT: leading zeros are allowed, as in Via (RFC 4475 §3.1.1.1)
      int start = ++p;
      long v = 0;
      for (char c; p < n && (c = s.charAt(p)) >= '0' && c <= '9'; p++) v = Math.min(v * 10 + (c - '0'), 1 << 20);
      if (p == start) throw bad("invalid port in URI: ", s, from, n);
      if (v > 65535) throw bad("port out of range in URI: ", s, from, n);
      port = (int) v;
      canonicalText = canonicalText && (s.charAt(start) != '0' || p == start + 1); // no leading zeros
    }
    Parameters.Collector params = new Parameters.Collector(); // never null: escape analysis can drop it
    while (p < n && s.charAt(p) == ';') {
      int start = ++p;
      while (p < n && isParamChar(s.charAt(p))) p++;
      if (p == start) throw bad("empty URI parameter in: ", s, from, n);
      String name = Interned.paramName(s, start, p);
      String value = null;
      int valueStart = p + 1;
      if (p < n && s.charAt(p) == '=') {
        start = ++p;
        while (p < n && isParamChar(s.charAt(p))) p++;
        if (p == start) throw new SipSyntaxException("empty value of URI parameter " + name);
        value = Lexer.substring(s, start, p);
      }
      if (!validEscapes(name) || (value != null && !validEscapes(s, valueStart, p))) {
        throw bad("invalid %-escape in URI: ", s, from, n);
      }
      params.add(new Parameters.Param(name, value));
    }
    String headers = null;
    if (p < n && s.charAt(p) == '?') {
      if (p + 1 == n) throw bad("empty header part in URI: ", s, from, n);
      checkChars(s, p + 1, n, HEADER_CHARS, "header part", from, n);
      headers = Lexer.substring(s, p + 1, n);
      p = n;
    }
    if (p != n) throw bad("invalid character '" + s.charAt(p) + "' in URI: ", s, from, n);
    return new SipUri(secure, user, password, host, port,
        params.build(), headers, canonicalText ? null : Lexer.substring(s, from, n));
  }

  /** A syntax error that quotes the URI {@code s[from, to)}, cut out only now. */
  private static SipSyntaxException bad(String what, CharSequence s, int from, int to) {
    return new SipSyntaxException(what + Uri.abbreviate(Lexer.substring(s, from, to)));
  }

  /**
   * 0 when {@code text[0, colon)} is the scheme "sip", 1 when "sips" (case-insensitive, RFC 3261 §19.1.1), else -1.
   * Compared in place so that no scheme String is cut out.
   */
  static int sipScheme(CharSequence text, int from, int colon) {
    int len = colon - from;
    if (len != 3 && len != 4) return -1;
    if (asciiLower(text, from) == 's' && asciiLower(text, from + 1) == 'i' && asciiLower(text, from + 2) == 'p'
        && (len == 3 || asciiLower(text, from + 3) == 's')) {
      return len - 3;
    }
    // String.equalsIgnoreCase also folds U+017F and U+0131 to 's' and 'i': kept, so the scheme test is unchanged
    // (ASCII text, an AsciiBytes view, has no such letters)
    if (!(text instanceof String t)) return -1;
    if (len == 3 && t.regionMatches(true, from, "sip", 0, 3)) return 0;
    if (len == 4 && t.regionMatches(true, from, "sips", 0, 4)) return 1;
    return -1;
  }

  private static char asciiLower(CharSequence s, int i) {
    char c = s.charAt(i);
    return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
  }

  // The characters each part allows besides unreserved and '%' (escapes are checked separately), as lookup tables:
  // one array load per character instead of a String.indexOf.
  // user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"
  private static final boolean[] USER_CHARS = charClass("&=+$,;?/");
  // password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )
  private static final boolean[] PASSWORD_CHARS = charClass("&=+$,");
  // hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$", plus the "=" and "&" separators
  private static final boolean[] HEADER_CHARS = charClass("[]/?:+$=&");
  // paramchar = param-unreserved / unreserved / escaped; param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$"
  private static final boolean[] PARAM_CHARS = charClass("[]/:&+$");

  /** unreserved, '%' and {@code extra}, indexed by ASCII code. */
  private static boolean[] charClass(String extra) {
    boolean[] t = new boolean[128];
    for (char c = 0; c < 128; c++) t[c] = Lexer.isUnreserved(c) || c == '%' || extra.indexOf(c) >= 0;
    return t;
  }

  private static boolean in(boolean[] cls, char c) { return c < 128 && cls[c]; }

  private static boolean isParamChar(char c) { return in(PARAM_CHARS, c); }

  /** Every character of {@code s[from, to)} is in {@code allowed} and every '%' starts an escape; else an error. */
  private static void checkChars(CharSequence s, int from, int to, boolean[] allowed, String what, int uriFrom,
                                 int uriTo) throws SipSyntaxException {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!in(allowed, c)) {
        throw bad("invalid character '" + printable(c) + "' in URI " + what + ": ", s, uriFrom, uriTo);
      }
    }
    if (!validEscapes(s, from, to)) throw bad("invalid %-escape in URI: ", s, uriFrom, uriTo);
  }

  private static String printable(char c) {
    return c < 32 || c >= 127 ? String.format("\\x%02x", (int) c) : String.valueOf(c);
  }

  /** Every '%' starts an escaped = "%" HEXDIG HEXDIG. */
  private static boolean validEscapes(String part) { return validEscapes(part, 0, part.length()); }

  /** {@link #validEscapes(String)} of {@code s[from, to)}. */
  private static boolean validEscapes(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '%' && (i + 2 >= to || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2)))) return false;
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Decodes %HEX HEX escapes once, as UTF-8 bytes; a NUL escape stays a NUL character (RFC 4475 §3.1.1.4). */
  public static String unescape(String s) {
    if (s.indexOf('%') < 0) return s;
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        out.write(Integer.parseInt(s, i + 1, i + 3, 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
