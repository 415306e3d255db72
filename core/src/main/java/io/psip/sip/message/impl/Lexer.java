package io.psip.sip.message.impl;

import io.psip.sip.message.SipSyntaxException;

/**
 * A cursor over one unfolded header value (or URI) with the lexical rules of RFC 3261 §25.1.
 * Line folding has already been replaced by a single SP, so LWS here is SP / HTAB only. The source is a String or,
 * for a parsed message whose header section is ASCII, an {@link AsciiBytes} view of the message's own bytes (no
 * String per value); a range of it is read, never past {@link #end()}.
 */
public final class Lexer {
  private static final boolean[] TOKEN = new boolean[128];
  private static final boolean[] UNRESERVED = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) { TOKEN[c] = true; UNRESERVED[c] = true; }
    for (char c = 'a'; c <= 'z'; c++) { TOKEN[c] = true; UNRESERVED[c] = true; }
    for (char c = 'A'; c <= 'Z'; c++) { TOKEN[c] = true; UNRESERVED[c] = true; }
    // RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    for (char c : "-.!%*_+`'~".toCharArray()) TOKEN[c] = true;
    // unreserved = alphanum / mark; mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
    for (char c : "-_.!~*'()".toCharArray()) UNRESERVED[c] = true;
  }

  private final CharSequence s;
  private int pos;
  private final int end;

  public Lexer(String s) { this(s, 0, s.length()); }

  public Lexer(CharSequence s, int start, int end) {
    this.s = s;
    this.pos = start;
    this.end = end;
  }

  public static boolean isTokenChar(char c) { return c < 128 && TOKEN[c]; }

  public static boolean isUnreserved(char c) { return c < 128 && UNRESERVED[c]; }

  /**
   * {@code s.regionMatches(true, from, k, 0, k.length())}: ASCII letters are folded in place first, and only a region
   * that differs otherwise goes to String.regionMatches (which also folds a few non-ASCII letters, such as U+017F
   * to 's', and must keep doing so for identical results).
   */
  public static boolean regionMatchesIgnoreCase(CharSequence s, int from, String k) {
    int n = k.length();
    if (from < 0 || from > s.length() - n) return false;
    for (int i = 0; i < n; i++) {
      char a = s.charAt(from + i);
      char b = k.charAt(i);
      if (a != b && ((a | 0x20) != (b | 0x20) || !isAsciiLetter(b))) {
        // ASCII text (AsciiBytes) has none of the non-ASCII letters String.regionMatches also folds
        return s instanceof String str && str.regionMatches(true, from, k, 0, n);
      }
    }
    return true;
  }

  /** {@code s.substring(from, to)} of a String or an {@link AsciiBytes} view. */
  public static String substring(CharSequence s, int from, int to) {
    return s instanceof String str ? str.substring(from, to) : s.subSequence(from, to).toString();
  }

  /** The first {@code c} in {@code s[from, to)}, or -1. */
  public static int indexOf(CharSequence s, char c, int from, int to) {
    if (s instanceof AsciiBytes a) return a.indexOf(c, from, to);
    if (s instanceof String str) {
      int i = str.indexOf(c, from);
      return i < to ? i : -1;
    }
    for (int i = from; i < to; i++) if (s.charAt(i) == c) return i;
    return -1;
  }

  /** {@code s.startsWith(k, from)} of a String or an {@link AsciiBytes} view (case-sensitive). */
  public static boolean startsWith(CharSequence s, String k, int from) {
    if (s instanceof String str) return str.startsWith(k, from);
    if (from < 0 || from > s.length() - k.length()) return false;
    for (int i = 0; i < k.length(); i++) if (s.charAt(from + i) != k.charAt(i)) return false;
    return true;
  }

  private static boolean isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  public static boolean isToken(CharSequence v) {
    if (v.length() == 0) return false;
    for (int i = 0; i < v.length(); i++) if (!isTokenChar(v.charAt(i))) return false;
    return true;
  }

  public int pos() { return pos; }

  public void pos(int p) { pos = p; }

  public int end() { return end; }

  public CharSequence source() { return s; }

  public boolean atEnd() { return pos >= end; }

  public char peek() { return pos < end ? s.charAt(pos) : '\0'; }

  public char next() { return s.charAt(pos++); }

  public boolean skipWs() {
    int p = pos; // a local, not the field, in the loop
    while (p < end) {
      char c = s.charAt(p);
      if (c != ' ' && c != '\t') break;
      p++;
    }
    boolean skipped = p > pos;
    pos = p;
    return skipped;
  }

  /** Consumes {@code c} surrounded by optional LWS (RFC 3261 §25.1 SEMI, COLON, EQUAL, SLASH, COMMA). */
  public boolean tryMark(char c) {
    int save = pos;
    skipWs();
    if (pos < end && s.charAt(pos) == c) {
      pos++;
      skipWs();
      return true;
    }
    pos = save;
    return false;
  }

  public void expectMark(char c, String what) throws SipSyntaxException {
    if (!tryMark(c)) throw fail("expected '" + c + "' " + what);
  }

  public String token(String what) throws SipSyntaxException {
    int start = pos;
    while (pos < end && isTokenChar(s.charAt(pos))) pos++;
    if (pos == start) throw fail("expected a token for " + what);
    return substring(s, start, pos);
  }

  /** Like {@link #token} without cutting the token out: returns where it starts; it ends at {@link #pos()}. */
  public int skipToken(String what) throws SipSyntaxException {
    int start = pos;
    int p = start;
    while (p < end && isTokenChar(s.charAt(p))) p++;
    if (p == start) throw fail("expected a token for " + what);
    pos = p;
    return start;
  }

  /** quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE; returns it with quotes and escapes intact. */
  public String quotedString(String what) throws SipSyntaxException {
    int start = skipQuotedString(what);
    return substring(s, start, pos);
  }

  /** Like {@link #quotedString} without cutting it out: returns where it starts; it ends at {@link #pos()}. */
  public int skipQuotedString(String what) throws SipSyntaxException {
    int start = pos;
    if (pos >= end || s.charAt(pos) != '"') throw fail("expected a quoted string for " + what);
    pos++;
    while (pos < end) {
      char c = s.charAt(pos++);
      if (c == '"') return start;
      if (c == '\\') {
        if (pos >= end) break;
        char q = s.charAt(pos++);
        // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): CR and LF may not be escaped
        if (q == '\r' || q == '\n') throw fail("invalid quoted-pair in " + what);
      } else if (c == '\r' || c == '\n') {
        break;
      }
    }
    throw fail("unterminated quoted string in " + what);
  }

  /** {@code chars} (ASCII) as a lookup table for {@link #until(boolean[], String)}. */
  public static boolean[] charSet(String chars) {
    boolean[] t = new boolean[128];
    for (int i = 0; i < chars.length(); i++) t[chars.charAt(i)] = true;
    return t;
  }

  /** Reads until one of {@code stops} (see {@link #charSet}) or LWS, at least one character. */
  public String until(boolean[] stops, String what) throws SipSyntaxException {
    String v = untilOrNull(stops);
    if (v == null) throw fail("empty " + what);
    return v;
  }

  /**
   * Reads until one of {@code stops} or LWS; {@code null} when that is at once, so that a caller can build its
   * error message only when there is an error.
   */
  public String untilOrNull(boolean[] stops) {
    int start = pos;
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || (c < 128 && stops[c])) break;
      pos++;
    }
    return pos == start ? null : substring(s, start, pos);
  }

  /** Reads until one of {@code stops} or LWS, at least one character. */
  public String until(String stops, String what) throws SipSyntaxException {
    int start = pos;
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || stops.indexOf(c) >= 0) break;
      pos++;
    }
    if (pos == start) throw fail("empty " + what);
    return substring(s, start, pos);
  }

  public SipSyntaxException fail(String reason) { return new SipSyntaxException(reason); }

  /** Unquotes a quoted-string produced by {@link #quotedString}. */
  public static String unquote(String q) {
    if (q.length() < 2 || q.charAt(0) != '"') return q;
    return unquote(q, 0, q.length());
  }

  /** Unquotes the quoted-string {@code q[from, to)} (quotes included) without cutting it out first. */
  public static String unquote(CharSequence q, int from, int to) {
    if (to - from < 2 || q.charAt(from) != '"') return substring(q, from, to);
    StringBuilder b = null;
    int last = to - 1;
    for (int i = from + 1; i < last; i++) {
      char c = q.charAt(i);
      if (c == '\\' && i + 1 < last) {
        if (b == null) b = new StringBuilder(to - from).append(q, from + 1, i);
        b.append(q.charAt(++i));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? substring(q, from + 1, last) : b.toString();
  }

  /** Quotes a value for use as a quoted-string. */
  public static String quote(String v) {
    StringBuilder b = new StringBuilder(v.length() + 2).append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"' || c == '\\') b.append('\\');
      b.append(c);
    }
    return b.append('"').toString();
  }
}
