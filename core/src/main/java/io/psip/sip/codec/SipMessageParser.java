package io.psip.sip.codec;

import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.message.SipSyntaxException;
import io.psip.sip.message.Uri;
import io.psip.sip.message.impl.Lexer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses SIP messages (RFC 3261 §7) from bytes. Stateless and thread-safe: one instance serves every socket.
 * Failures are returned as values ({@link DecodeResult.Failure}), never thrown.
 */
public final class SipMessageParser {
  private final SipCodecOptions options;

  public SipMessageParser(SipCodecOptions options) {
    this.options = new SipCodecOptions(options);
  }

  public SipMessageParser() { this(new SipCodecOptions()); }

  public SipCodecOptions options() { return options; }

  public DecodeResult parseDatagram(byte[] data) { return parseDatagram(data, 0, data.length); }

  /**
   * Parses one UDP datagram. RFC 3261 §18.3: without Content-Length the body runs to the end of the datagram;
   * octets beyond Content-Length are discarded (RFC 4475 §3.1.1.8); a Content-Length larger than the datagram is
   * an error (§3.1.2.2).
   */
  public DecodeResult parseDatagram(byte[] data, int off, int len) {
    int end = off + len;
    int p = off;
    while (p < end && (data[p] == '\r' || data[p] == '\n')) p++;
    if (p == end) return new DecodeResult.KeepAlive(len >= 4);
    int headEnd = end;
    int bodyStart = end;
    int blank = findBlankLine(data, p, end);
    if (blank >= 0) {
      headEnd = blank;
      bodyStart = blank + (data[blank] == '\r' ? 2 : 1);
    }
    Object head = parseHead(data, p, headEnd);
    if (head instanceof ParseFailure f) return new DecodeResult.Failure(f, false);
    Head h = (Head) head;
    int available = end - bodyStart;
    int cl = h.contentLength < 0 ? available : h.contentLength;
    if (cl > options.getMaxBodyBytes()) {
      // without Content-Length the body is the rest of the datagram: the same limit applies
      return new DecodeResult.Failure(h.fail(513, "body larger than " + options.getMaxBodyBytes() + " bytes"), false);
    }
    if (cl > available) {
      return new DecodeResult.Failure(h.fail(400, "Content-Length " + cl + " is larger than the message"), false);
    }
    return build(h, data, p, bodyStart, cl);
  }

  /** Index of the first byte of the empty line that ends the header section, or -1. Bare LF is tolerated. */
  static int findBlankLine(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      if (b[i] != '\n') continue;
      int n = i + 1;
      if (n < end && b[n] == '\n') return n;
      if (n + 1 < end && b[n] == '\r' && b[n + 1] == '\n') return n;
    }
    return -1;
  }

  /** The parsed start line and header fields, before the body is read. */
  static final class Head {
    boolean request;
    String method;
    Uri requestUri;
    int status;
    String reason;
    List<SipHeader> headers;
    int contentLength = -1;
    ParseFailure deferred; // a non-framing problem: the body can still be skipped on a stream

    ParseFailure fail(int st, String why) { return new ParseFailure(st, why, request, method, headers); }
  }

  /**
   * Frames and parses the start line and header lines in {@code b[from, to)} ({@code to} is where the empty line
   * starts, or the end of a datagram). Returns a {@link Head} or, when framing itself failed, a {@link ParseFailure}.
   */
  Object parseHead(byte[] b, int from, int to) {
    List<SipHeader> headers = new ArrayList<>(16);
    int lf = indexOf(b, (byte) '\n', from, to);
    int lineEnd = lf < 0 ? to : lf;
    int next = lf < 0 ? to : lf + 1;
    if (lineEnd > from && b[lineEnd - 1] == '\r') lineEnd--;
    boolean looksResponse = looksResponse(b, from, to);
    if (lineEnd - from > options.getMaxStartLineBytes()) {
      // the method is looked for within the limit only: a stream decides as soon as the limit is passed
      String method = looksResponse ? null : methodOf(b, from, Math.min(lineEnd, from + options.getMaxStartLineBytes()));
      int st = method != null ? 414 : 400;
      return new ParseFailure(st, "start line longer than " + options.getMaxStartLineBytes() + " bytes", !looksResponse,
          method, headers);
    }
    String startLine = new String(b, from, lineEnd - from, StandardCharsets.UTF_8);
    int headerBytes = 0;
    int i = next;
    // the header being read; a folded value is gathered in a StringBuilder, only when a continuation line comes,
    // so that folding stays linear (no value re-copied) and an unfolded value is copied out of the bytes once
    String name = null;
    String value = null;
    StringBuilder folded = null;
    while (i < to) {
      // one pass per line: the LF that ends it and the first CR, which is legal only right before that LF
      lf = -1;
      int firstCr = -1;
      for (int j = i; j < to; j++) {
        byte c = b[j];
        if (c == '\n') { lf = j; break; }
        if (c == '\r' && firstCr < 0) firstCr = j;
      }
      int le = lf < 0 ? to : lf;
      int nx = lf < 0 ? to : lf + 1;
      if (le > i && b[le - 1] == '\r') le--;
      headerBytes += nx - i;
      if (headerBytes > options.getMaxHeaderBytes()) {
        flush(headers, name, value, folded);
        return framingFailure(startLine, looksResponse, 513, "header section larger than " + options.getMaxHeaderBytes() + " bytes", headers);
      }
      if (firstCr >= 0 && firstCr < le) {
        flush(headers, name, value, folded);
        return framingFailure(startLine, looksResponse, 400, "bare CR in header section", headers);
      }
      if (b[i] == ' ' || b[i] == '\t') {
        // RFC 3261 §7.3.1 line folding: a continuation line joins the previous value with one SP
        if (name == null) return framingFailure(startLine, looksResponse, 400, "continuation line before the first header", headers);
        String more = trim(b, i, le);
        if (!more.isEmpty()) {
          if (folded == null) folded = new StringBuilder(value.length() + more.length() + 16).append(value);
          if (folded.length() > 0) folded.append(' ');
          folded.append(more);
        }
      } else {
        int j = i;
        while (j < le && b[j] > 0 && Lexer.isTokenChar((char) b[j])) j++;
        int k = j;
        while (k < le && (b[k] == ' ' || b[k] == '\t')) k++;
        flush(headers, name, value, folded);
        name = null;
        folded = null;
        if (j == i || k >= le || b[k] != ':') {
          String line = new String(b, i, Math.min(le - i, 40), StandardCharsets.UTF_8);
          return framingFailure(startLine, looksResponse, 400, "malformed header line: " + printable(line), headers);
        }
        if (headers.size() >= options.getMaxHeaderCount()) {
          return framingFailure(startLine, looksResponse, 513, "more than " + options.getMaxHeaderCount() + " header fields", headers);
        }
        // a known name spelled as the constant is shared, not copied (and later looked up by identity)
        name = HeaderNames.knownSpelling(b, i, j);
        if (name == null) name = new String(b, i, j - i, StandardCharsets.ISO_8859_1);
        value = trim(b, k + 1, le);
      }
      i = nx;
    }
    flush(headers, name, value, folded);
    Head h = new Head();
    h.headers = headers;
    ParseFailure lineProblem = looksResponse ? statusLine(startLine, h) : requestLine(startLine, h);
    // a bad start line does not break framing: the body is still skipped by Content-Length
    h.deferred = lineProblem;
    return contentLength(h);
  }

  private static void flush(List<SipHeader> headers, String name, String value, StringBuilder folded) {
    if (name != null) headers.add(new SipHeader(name, folded == null ? value : folded.toString()));
  }

  private ParseFailure framingFailure(String startLine, boolean response, int status, String why, List<SipHeader> headers) {
    String method = null;
    if (!response) {
      int sp = startLine.indexOf(' ');
      if (sp > 0 && Lexer.isToken(startLine.substring(0, sp))) method = startLine.substring(0, sp);
    }
    return new ParseFailure(status, why, !response, method, headers);
  }

  /**
   * RFC 3261 §7.2: a status line starts with the SIP-Version, which is case-insensitive (§7.1). A method is a token
   * and cannot contain '/', so "SIP/" can only start a response.
   */
  static boolean looksResponse(byte[] b, int from, int to) {
    return to - from >= 4 && (b[from] | 0x20) == 's' && (b[from + 1] | 0x20) == 'i' && (b[from + 2] | 0x20) == 'p'
        && b[from + 3] == '/';
  }

  /** The method of a request line in {@code b[from, to)} when it can be read (a token then SP), else {@code null}. */
  static String methodOf(byte[] b, int from, int to) {
    int i = from;
    while (i < to && b[i] > 0 && Lexer.isTokenChar((char) b[i])) i++;
    return i > from && i < to && b[i] == ' ' ? new String(b, from, i - from, StandardCharsets.US_ASCII) : null;
  }

  /**
   * A failure found before the header section could be read (a stream that never ends its header section): request
   * or response, and the method, come from the first bytes so that the failure is never answered for a response
   * or an ACK.
   */
  static ParseFailure earlyFailure(byte[] b, int from, int to, int status, String why) {
    boolean response = looksResponse(b, from, to);
    int lf = indexOf(b, (byte) '\n', from, to);
    return new ParseFailure(status, why, !response, response ? null : methodOf(b, from, lf < 0 ? to : lf), List.of());
  }

  /** Content-Length: every copy must be the same valid number (RFC 4475 §3.1.2.3, §3.3.9). */
  private Object contentLength(Head h) {
    long cl = -1;
    for (SipHeader hd : h.headers) {
      if (!isContentLength(hd.name())) continue;
      long v;
      try {
        v = io.psip.sip.message.CSeq.parseNumber(hd.value(), Integer.MAX_VALUE, "Content-Length");
      } catch (SipSyntaxException e) {
        return h.fail(400, "invalid Content-Length '" + printable(abbreviate(hd.value())) + "'");
      }
      if (cl >= 0 && v != cl) return h.fail(400, "conflicting Content-Length values");
      cl = v;
    }
    if (cl > options.getMaxBodyBytes()) return h.fail(513, "body larger than " + options.getMaxBodyBytes() + " bytes");
    h.contentLength = (int) cl;
    return h;
  }

  /** Content-Length or its compact form "l", any case: no table lookup, as most names differ in length at once. */
  private static boolean isContentLength(String name) {
    return name.equalsIgnoreCase(HeaderNames.CONTENT_LENGTH) || name.equalsIgnoreCase("l");
  }

  // Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1): single SPs, nothing else.
  private ParseFailure requestLine(String line, Head h) {
    h.request = true;
    int sp1 = line.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 > 0 && isToken(line, 0, sp1)) h.method = line.substring(0, sp1);
    if (sp1 <= 0 || sp2 < 0) return h.fail(400, "malformed request line");
    if (sp2 == sp1 + 1) return h.fail(400, "more than one SP between request line elements");
    if (line.indexOf(' ', sp2 + 1) >= 0 || line.indexOf('\t') >= 0) {
      return h.fail(400, line.endsWith(" ") ? "trailing whitespace in request line" : "whitespace inside the Request-URI");
    }
    // case-insensitive (RFC 3261 §7.1); compared in place, cut out only to report it
    if (line.length() - sp2 - 1 != 7 || !line.regionMatches(true, sp2 + 1, "SIP/2.0", 0, 7)) {
      String version = line.substring(sp2 + 1);
      return h.fail(isSipVersion(version) ? 505 : 400, "unsupported protocol version '" + printable(abbreviate(version)) + "'");
    }
    if (h.method == null) return h.fail(400, "malformed method");
    try {
      h.requestUri = Uri.parse(line.substring(sp1 + 1, sp2));
    } catch (SipSyntaxException e) {
      return h.fail(400, "malformed Request-URI: " + e.getMessage());
    }
    return null;
  }

  private static boolean isToken(String s, int from, int to) {
    for (int i = from; i < to; i++) if (!Lexer.isTokenChar(s.charAt(i))) return false;
    return to > from;
  }

  private static boolean isSipVersion(String v) {
    if (!v.regionMatches(true, 0, "SIP/", 0, 4)) return false;
    int dot = v.indexOf('.', 4);
    return dot > 4 && dot < v.length() - 1 && allDigits(v, 4, dot) && allDigits(v, dot + 1, v.length());
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF; Status-Code = 3DIGIT (RFC 3261 §7.2)
  private ParseFailure statusLine(String line, Head h) {
    h.request = false;
    if (!line.regionMatches(true, 0, "SIP/2.0 ", 0, 8)) return h.fail(400, "unsupported protocol version in status line");
    int p = 8;
    if (line.length() < p + 3 || !allDigits(line, p, p + 3)) return h.fail(400, "malformed status code");
    if (line.length() > p + 3 && line.charAt(p + 3) != ' ') return h.fail(400, "malformed status code");
    h.status = Integer.parseInt(line, p, p + 3, 10);
    // RFC 3261 §21 defines 1xx to 6xx; RFC 4475 §3.1.2.19: anything above 699 is dropped
    if (h.status < 100 || h.status > 699) return h.fail(400, "status code " + h.status + " out of range");
    h.reason = line.length() > p + 4 ? line.substring(p + 4) : "";
    return null;
  }

  /** Builds the message once the body is known; {@code msgStart} to {@code bodyStart + bodyLength} are its bytes. */
  DecodeResult build(Head h, byte[] b, int msgStart, int bodyStart, int bodyLength) {
    if (h.deferred != null) return new DecodeResult.Failure(h.deferred, false);
    byte[] raw = Arrays.copyOfRange(b, msgStart, bodyStart + bodyLength);
    byte[] body = bodyLength == 0 ? null : Arrays.copyOfRange(b, bodyStart, bodyStart + bodyLength);
    try {
      if (h.request) return new DecodeResult.Message(SipRequest.fromParts(h.method, h.requestUri, h.headers, body, raw));
      return new DecodeResult.Message(SipResponse.fromParts(h.status, h.reason, h.headers, body, raw));
    } catch (SipSyntaxException e) {
      return new DecodeResult.Failure(h.fail(400, e.getMessage()), false);
    }
  }

  static int indexOf(byte[] b, byte v, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] == v) return i;
    return -1;
  }

  private static String trim(byte[] b, int from, int to) {
    while (from < to && (b[from] == ' ' || b[from] == '\t')) from++;
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) to--;
    return from == to ? "" : new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  static String abbreviate(String s) { return s.length() <= 40 ? s : s.substring(0, 37) + "..."; }

  /** Control characters shown as \xNN so a Warning or a log line never carries raw bytes. */
  static String printable(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 32 || c == 127 || c == '"' || c == '\\') {
        if (out == null) out = new StringBuilder(s.length() + 8).append(s, 0, i);
        out.append(String.format("\\x%02x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
