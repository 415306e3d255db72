package io.psip.sip.message;

import io.psip.sip.message.impl.Interned;
import io.psip.sip.message.impl.Lexer;

/** CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number is a 32-bit unsigned integer (§8.1.1.5). */
public record CSeq(long number, String method) {
  public static final long MAX = 0xFFFF_FFFFL;

  public CSeq {
    if (number < 0 || number > MAX) throw new IllegalArgumentException("CSeq out of range: " + number);
  }

  public static CSeq parse(String value) throws SipSyntaxException {
    Lexer lx = new Lexer(value);
    lx.skipWs();
    long n = digits(lx, MAX, "CSeq number");
    if (!lx.skipWs()) throw lx.fail("expected LWS between CSeq number and method");
    String method = Interned.method(value, lx.skipToken("CSeq method"), lx.pos());
    lx.skipWs();
    if (!lx.atEnd()) throw lx.fail("unexpected text after CSeq method");
    return new CSeq(n, method);
  }

  /**
   * {@link #parse(String)} of the value in {@code b[from, to)} (a parsed header's bytes), without decoding it: the
   * grammar accepts ASCII only (digits, SP/HTAB, token), so bytes and decoded characters give the same verdicts and
   * messages.
   */
  static CSeq parse(byte[] b, int from, int to) throws SipSyntaxException {
    int i = skipWs(b, from, to);
    int start = i;
    long n = 0;
    for (int d; i < to && (d = b[i] - '0') >= 0 && d <= 9; i++) {
      n = n * 10 + d;
      if (n > MAX) throw new SipSyntaxException("CSeq number too large");
    }
    if (i == start) throw new SipSyntaxException("expected digits for CSeq number");
    int m = skipWs(b, i, to);
    if (m == i) throw new SipSyntaxException("expected LWS between CSeq number and method");
    int e = m;
    while (e < to && b[e] > 0 && Lexer.isTokenChar((char) b[e])) e++;
    if (e == m) throw new SipSyntaxException("expected a token for CSeq method");
    if (skipWs(b, e, to) != to) throw new SipSyntaxException("unexpected text after CSeq method");
    return new CSeq(n, Interned.method(b, m, e));
  }

  private static int skipWs(byte[] b, int i, int to) {
    while (i < to && (b[i] == ' ' || b[i] == '\t')) i++;
    return i;
  }

  /** {@link #parseNumber(String, long, String)} of the value in {@code b[from, to)}, read in place (ASCII only). */
  static long parseNumber(byte[] b, int from, int to, long max, String what) throws SipSyntaxException {
    int i = skipWs(b, from, to);
    int start = i;
    long v = 0;
    for (int d; i < to && (d = b[i] - '0') >= 0 && d <= 9; i++) {
      v = v * 10 + d;
      if (v > max) throw new SipSyntaxException(what + " too large");
    }
    if (i == start) throw new SipSyntaxException("expected digits for " + what);
    if (skipWs(b, i, to) != to) throw new SipSyntaxException("invalid " + what);
    return v;
  }

  /** 1*DIGIT no larger than {@code max}, leading zeros allowed (RFC 4475 §3.1.1.1), never overflowing. */
  static long digits(Lexer lx, long max, String what) throws SipSyntaxException {
    int start = lx.pos();
    long v = 0;
    while (!lx.atEnd() && lx.peek() >= '0' && lx.peek() <= '9') {
      v = v * 10 + (lx.next() - '0');
      if (v > max) throw lx.fail(what + " too large");
    }
    if (lx.pos() == start) throw lx.fail("expected digits for " + what);
    return v;
  }

  /** Parses a whole value of 1*DIGIT no larger than {@code max} (Max-Forwards, Content-Length, Expires). */
  public static long parseNumber(String value, long max, String what) throws SipSyntaxException {
    // LWS 1*DIGIT LWS, read in place (no Lexer): every parsed message has one or two of these
    int n = value.length();
    int i = 0;
    while (i < n && isWs(value.charAt(i))) i++;
    int start = i;
    long v = 0;
    for (char c; i < n && (c = value.charAt(i)) >= '0' && c <= '9'; i++) {
      v = v * 10 + (c - '0');
      if (v > max) throw new SipSyntaxException(what + " too large");
    }
    if (i == start) throw new SipSyntaxException("expected digits for " + what);
    while (i < n && isWs(value.charAt(i))) i++;
    if (i != n) throw new SipSyntaxException("invalid " + what);
    return v;
  }

  private static boolean isWs(char c) { return c == ' ' || c == '\t'; }

  @Override
  public String toString() { return number + " " + method; }
}
