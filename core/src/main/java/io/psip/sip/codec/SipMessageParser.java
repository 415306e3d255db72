package io.psip.sip.codec;

import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.message.SipSyntaxException;
import io.psip.sip.message.Uri;
import io.psip.sip.message.impl.Interned;
import io.psip.sip.message.impl.Lexer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    // the header section ends at the first empty line (found while reading the lines), else with the datagram
    Object head = parseHead(data, p, end, true);
    if (head instanceof ParseFailure f) return new DecodeResult.Failure(f, false);
    Head h = (Head) head;
    int bodyStart = h.blank < 0 ? end : h.blank + (data[h.blank] == '\r' ? 2 : 1);
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

  /**
   * The parsed start line and header fields, before the body is read. Header values are kept as byte ranges
   * relative to the first byte of the message, so that {@link #build} can point them into the message's own copy
   * (a stream's buffer moves and is reused between {@link #parseHead} and {@link #build}).
   */
  static final class Head {
    boolean request;
    String method;
    Uri requestUri;
    int status;
    String reason;
    int contentLength = -1;
    ParseFailure deferred; // a non-framing problem: the body can still be skipped on a stream
    int blank = -1;        // where the empty line starts, when parseHead was asked to find it
    long high;             // OR of the header lines' bytes (their 0x80 bits): zero when they are all ASCII

    int count;
    String[] names = new String[16];
    String[] canon = new String[16]; // HeaderNames.canonical of each name: looked up once, here
    int[] starts = new int[16];   // value ranges, relative to the message's first byte
    int[] ends = new int[16];
    String[] folded;              // the joined value of a folded header (RFC 3261 §7.3.1), else null
    // while parseHead runs: where the ranges are, to name the headers read so far in a failure
    byte[] src;
    int base;
    List<SipHeader> headers;      // set by build() (over the message's copy) or for a failure

    void add(String name, String canonical, int start, int end) {
      if (count == names.length) {
        int n = count * 2;
        names = Arrays.copyOf(names, n);
        canon = Arrays.copyOf(canon, n);
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        if (folded != null) folded = Arrays.copyOf(folded, n);
      }
      names[count] = name;
      canon[count] = canonical;
      starts[count] = start;
      ends[count] = end;
      count++;
    }

    /** The value of the last header read, as a String (to start a folded value). */
    String lastValue() {
      int i = count - 1;
      if (folded != null && folded[i] != null) return folded[i];
      return decode(src, base + starts[i], base + ends[i]);
    }

    void setFolded(String v) {
      if (folded == null) folded = new String[names.length];
      folded[count - 1] = v;
    }

    /** The headers read so far with their values decoded: what a failure reports. */
    List<SipHeader> headers() {
      if (headers != null) return headers;
      List<SipHeader> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) out.add(new SipHeader(names[i], lastFolded(i) != null ? folded[i] : decode(src, base + starts[i], base + ends[i])));
      return out;
    }

    private String lastFolded(int i) { return folded == null ? null : folded[i]; }

    /** The headers over {@code raw}, the message's own copy starting at its first byte: values decoded on use. */
    List<SipHeader> headersOver(byte[] raw) {
      List<SipHeader> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String f = lastFolded(i);
        out.add(f != null ? new SipHeader(names[i], f) : SipHeader.parsed(names[i], raw, starts[i], ends[i] - starts[i]));
      }
      return out;
    }

    ParseFailure fail(int st, String why) { return new ParseFailure(st, why, request, method, headers()); }
  }

  private static String decode(byte[] b, int from, int to) {
    return from == to ? "" : new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /**
   * Frames and parses the start line and header lines in {@code b[from, to)} ({@code to} is where the empty line
   * starts, or the end of a datagram). Returns a {@link Head} or, when framing itself failed, a {@link ParseFailure}.
   */
  Object parseHead(byte[] b, int from, int to) { return parseHead(b, from, to, false); }

  /** With {@code untilBlank}, the header section ends at the first empty line, recorded in {@link Head#blank}. */
  Object parseHead(byte[] b, int from, int to, boolean untilBlank) {
    Head h = new Head();
    h.src = b;
    h.base = from;
    // the first LF: lineBreak finds the first CR or LF a word at a time (the start line's bytes are not counted
    // in Head.high, which is about the header lines)
    int brk0 = lineBreak(b, from, to, h);
    h.high = 0;
    int lf = brk0 == to ? -1 : b[brk0] == '\n' ? brk0 : indexOf(b, (byte) '\n', brk0 + 1, to);
    int lineEnd = lf < 0 ? to : lf;
    int next = lf < 0 ? to : lf + 1;
    if (lineEnd > from && b[lineEnd - 1] == '\r') lineEnd--;
    boolean looksResponse = looksResponse(b, from, to);
    if (lineEnd - from > options.getMaxStartLineBytes()) {
      // the method is looked for within the limit only: a stream decides as soon as the limit is passed
      String method = looksResponse ? null : methodOf(b, from, Math.min(lineEnd, from + options.getMaxStartLineBytes()));
      int st = method != null ? 414 : 400;
      return new ParseFailure(st, "start line longer than " + options.getMaxStartLineBytes() + " bytes", !looksResponse,
          method, new ArrayList<>());
    }
    // the start line is decoded only for a failure or a response: a request line is read from the bytes
    int startLineEnd = lineEnd;
    int headerBytes = 0;
    int i = next;
    // a folded value is joined in a StringBuilder only when a continuation line comes, so that folding stays linear
    // (no value re-copied); an unfolded value stays a range of the bytes
    StringBuilder folded = null;
    boolean inHeader = false;
    while (i < to) {
      // the LF that ends the line and the first CR before it, which is legal only right before that LF
      int brk = lineBreak(b, i, to, h);
      int firstCr = brk < to && b[brk] == '\r' ? brk : -1;
      lf = firstCr < 0 ? (brk < to ? brk : -1) : indexOf(b, (byte) '\n', brk + 1, to);
      // an empty line (LF or CRLF) ends the header section; a lone CR at the very end is not one
      if (untilBlank && lf >= 0 && (lf == i || (lf == i + 1 && b[i] == '\r'))) {
        h.blank = i;
        break;
      }
      int le = lf < 0 ? to : lf;
      int nx = lf < 0 ? to : lf + 1;
      if (le > i && b[le - 1] == '\r') le--;
      headerBytes += nx - i;
      if (headerBytes > options.getMaxHeaderBytes()) {
        endFolded(h, folded);
        return framingFailure(decode(b, from, startLineEnd), looksResponse, 513, "header section larger than " + options.getMaxHeaderBytes() + " bytes", h);
      }
      if (firstCr >= 0 && firstCr < le) {
        endFolded(h, folded);
        return framingFailure(decode(b, from, startLineEnd), looksResponse, 400, "bare CR in header section", h);
      }
      if (b[i] == ' ' || b[i] == '\t') {
        // RFC 3261 §7.3.1 line folding: a continuation line joins the previous value with one SP
        if (!inHeader) return framingFailure(decode(b, from, startLineEnd), looksResponse, 400, "continuation line before the first header", h);
        int ms = trimStart(b, i, le);
        int me = trimEnd(b, ms, le);
        if (ms < me) {
          if (folded == null) {
            String value = h.lastValue();
            folded = new StringBuilder(value.length() + (me - ms) + 16).append(value);
          }
          if (folded.length() > 0) folded.append(' ');
          folded.append(decode(b, ms, me));
        }
      } else {
        // the usual "Name:" is found by its ':' and the known-spelling table (a known spelling is a token, and ':'
        // ends a token); any other name is read as a token
        int j = colon(b, i, le);
        int known = j < le ? HeaderNames.knownSpellingSlot(b, i, j) : -1;
        if (known < 0) {
          j = i;
          while (j < le && b[j] > 0 && Lexer.isTokenChar((char) b[j])) j++;
        }
        int k = j;
        while (k < le && (b[k] == ' ' || b[k] == '\t')) k++;
        endFolded(h, folded);
        folded = null;
        inHeader = false;
        if (j == i || k >= le || b[k] != ':') {
          String line = new String(b, i, Math.min(le - i, 40), StandardCharsets.UTF_8);
          return framingFailure(decode(b, from, startLineEnd), looksResponse, 400, "malformed header line: " + printable(line), h);
        }
        if (h.count >= options.getMaxHeaderCount()) {
          return framingFailure(decode(b, from, startLineEnd), looksResponse, 513, "more than " + options.getMaxHeaderCount() + " header fields", h);
        }
        // a known name spelled as the constant is shared, not copied; its canonical name comes with it
        String name;
        String canonical;
        if (known >= 0) {
          name = HeaderNames.spellingAt(known);
          canonical = HeaderNames.canonicalAt(known);
        } else {
          name = new String(b, i, j - i, StandardCharsets.ISO_8859_1);
          canonical = HeaderNames.canonical(name); // another spelling of a known name ("via", "CALL-ID"), or not known
        }
        int vs = trimStart(b, k + 1, le);
        h.add(name, canonical, vs - from, trimEnd(b, vs, le) - from);
        inHeader = true;
      }
      i = nx;
    }
    endFolded(h, folded);
    ParseFailure lineProblem = looksResponse ? statusLine(decode(b, from, startLineEnd), h)
        : requestLine(b, from, startLineEnd, h);
    // a bad start line does not break framing: the body is still skipped by Content-Length
    h.deferred = lineProblem;
    return contentLength(h);
  }

  private static void endFolded(Head h, StringBuilder folded) {
    if (folded != null) h.setFolded(folded.toString());
  }

  private static int trimStart(byte[] b, int from, int to) {
    while (from < to && (b[from] == ' ' || b[from] == '\t')) from++;
    return from;
  }

  private static int trimEnd(byte[] b, int from, int to) {
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) to--;
    return to;
  }

  private ParseFailure framingFailure(String startLine, boolean response, int status, String why, Head h) {
    String method = null;
    if (!response) {
      int sp = startLine.indexOf(' ');
      if (sp > 0 && Lexer.isToken(startLine.substring(0, sp))) method = startLine.substring(0, sp);
    }
    return new ParseFailure(status, why, !response, method, h.headers());
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
    for (int i = 0; i < h.count; i++) {
      // the canonical names are the constants: "Content-Length" and "l" in any case (RFC 3261 §7.3.3)
      if (h.canon[i] != HeaderNames.CONTENT_LENGTH) continue;
      String folded = h.folded == null ? null : h.folded[i];
      // 1*DIGIT, at most 2^31 - 1, read from the bytes: the value is trimmed, so it is digits and nothing else
      long v = folded != null ? number(folded) : number(h.src, h.base + h.starts[i], h.base + h.ends[i]);
      if (v < 0) {
        String value = folded != null ? folded : decode(h.src, h.base + h.starts[i], h.base + h.ends[i]);
        return h.fail(400, "invalid Content-Length '" + printable(abbreviate(value)) + "'");
      }
      if (cl >= 0 && v != cl) return h.fail(400, "conflicting Content-Length values");
      cl = v;
    }
    if (cl > options.getMaxBodyBytes()) return h.fail(513, "body larger than " + options.getMaxBodyBytes() + " bytes");
    h.contentLength = (int) cl;
    return h;
  }

  /** The value of 1*DIGIT in {@code b[from, to)} when it is at most {@link Integer#MAX_VALUE}, else -1. */
  private static long number(byte[] b, int from, int to) {
    if (from == to) return -1;
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
      if (v > Integer.MAX_VALUE) return -1;
    }
    return v;
  }

  private static long number(String s) {
    try {
      return io.psip.sip.message.CSeq.parseNumber(s, Integer.MAX_VALUE, "Content-Length");
    } catch (SipSyntaxException e) {
      return -1;
    }
  }

  /**
   * The request line in {@code b[from, to)}: the common, well-formed case is read from the bytes (method, one SP,
   * Request-URI, one SP, "SIP/2.0" in ASCII); anything else is decoded and judged by {@link #requestLine(String, Head)},
   * so every error is reported as before. Same verdicts: SP and HTAB never occur inside a UTF-8 sequence, a token
   * and the version are ASCII, and a range between two SPs decodes as the same characters as in the whole line.
   */
  private ParseFailure requestLine(byte[] b, int from, int to, Head h) {
    int sp1 = from;
    while (sp1 < to && b[sp1] > 0 && Lexer.isTokenChar((char) b[sp1])) sp1++;
    int sp2 = sp1 + 1;
    int bits = 0; // OR of the Request-URI's bytes: negative when one is not ASCII
    for (byte c; sp2 < to && (c = b[sp2]) != ' ' && c != '\t'; sp2++) bits |= c;
    if (sp1 == from || sp1 >= to || b[sp1] != ' ' || sp2 == sp1 + 1 || to - sp2 != 8 || b[sp2] != ' '
        || !isSipVersion20(b, sp2 + 1)) {
      return requestLine(decode(b, from, to), h);
    }
    h.request = true;
    h.method = Interned.method(b, from, sp1);
    try {
      // ASCII is read in place (as UTF-8 decoding would read it); anything else is decoded first
      h.requestUri = bits >= 0 ? Uri.parseAscii(b, sp1 + 1, sp2)
          : Uri.parse(new String(b, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.UTF_8));
    } catch (SipSyntaxException e) {
      return h.fail(400, "malformed Request-URI: " + e.getMessage());
    }
    return null;
  }

  /** "SIP/2.0" at {@code b[i]}, ASCII letters in any case (RFC 3261 §7.1). */
  private static boolean isSipVersion20(byte[] b, int i) {
    return (b[i] | 0x20) == 's' && (b[i + 1] | 0x20) == 'i' && (b[i + 2] | 0x20) == 'p' && b[i + 3] == '/'
        && b[i + 4] == '2' && b[i + 5] == '.' && b[i + 6] == '0';
  }

  // Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1): single SPs, nothing else.
  private ParseFailure requestLine(String line, Head h) {
    h.request = true;
    int sp1 = line.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 > 0 && isToken(line, 0, sp1)) h.method = Interned.method(line, 0, sp1);
    if (sp1 <= 0 || sp2 < 0) return h.fail(400, "malformed request line");
    if (sp2 == sp1 + 1) return h.fail(400, "more than one SP between request line elements");
    if (line.indexOf(' ', sp2 + 1) >= 0 || line.indexOf('\t') >= 0) {
      return h.fail(400, line.endsWith(" ") ? "trailing whitespace in request line" : "whitespace inside the Request-URI");
    }
    // case-insensitive (RFC 3261 §7.1); compared in place, cut out only to report it
    if (line.length() - sp2 - 1 != 7 || !Lexer.regionMatchesIgnoreCase(line, sp2 + 1, "SIP/2.0")) {
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
    if (!Lexer.regionMatchesIgnoreCase(line, 0, "SIP/2.0 ")) return h.fail(400, "unsupported protocol version in status line");
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
    // one copy of the message: header values and the body are read from it when asked for
    byte[] raw = Arrays.copyOfRange(b, msgStart, bodyStart + bodyLength);
    h.headers = h.headersOver(raw);
    h.src = raw;
    h.base = 0;
    int bodyOffset = bodyStart - msgStart;
    String[] canon = Arrays.copyOf(h.canon, h.count); // the message keeps it
    try {
      // every byte of an accepted header line went through lineBreak: the lines before the body are ASCII or not
      boolean ascii = (h.high & HIGHS) == 0;
      if (h.request) {
        return new DecodeResult.Message(
            SipRequest.parsed(h.method, h.requestUri, h.headers, canon, ascii, raw, bodyOffset));
      }
      return new DecodeResult.Message(SipResponse.parsed(h.status, h.reason, h.headers, canon, ascii, raw, bodyOffset));
    } catch (SipSyntaxException e) {
      return new DecodeResult.Failure(h.fail(400, e.getMessage()), false);
    }
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LFS = 0x0a0a0a0a0a0a0a0aL;
  private static final long CRS = 0x0d0d0d0d0d0d0d0dL;

  /**
   * Index of the first CR or LF in {@code b[from, to)}, else {@code to}. Eight bytes at a time: a word holds a CR or
   * LF exactly when its XOR with a word of them has a zero byte ({@code (x - 0x01..) & ~x & 0x80..} is non-zero
   * iff a byte of x is zero); the byte is then found one at a time. Every byte before the break is also ORed into
   * {@link Head#high}: whether the header lines are ASCII comes for almost nothing (a word is ORed only once it is
   * known to hold no CR/LF, the bytes of the word that does are ORed one at a time up to the break).
   */
  static int lineBreak(byte[] b, int from, int to, Head h) {
    int i = from;
    long high = 0;
    for (; i <= to - 8; i += 8) {
      long w = (long) LONGS.get(b, i);
      long x = w ^ LFS;
      long y = w ^ CRS;
      if (((((x - ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS) != 0) break;
      high |= w;
    }
    for (; i < to; i++) {
      byte c = b[i];
      if (c == '\n' || c == '\r') break;
      high |= c; // a byte >= 0x80 is negative: sign extension sets the 0x80 bits
    }
    h.high |= high;
    return i;
  }

  private static final long COLONS = 0x3a3a3a3a3a3a3a3aL;

  /**
   * Index of the first ':' in {@code b[from, to)}, else {@code to}; a word at a time as in {@link #lineBreak}. The
   * lowest flagged byte of {@code (x - 0x01..) & ~x & 0x80..} is exactly the first zero byte of x.
   */
  static int colon(byte[] b, int from, int to) {
    int i = from;
    for (; i <= to - 8; i += 8) {
      long x = (long) LONGS.get(b, i) ^ COLONS;
      long m = (x - ONES) & ~x & HIGHS;
      if (m != 0) return i + (Long.numberOfTrailingZeros(m) >>> 3);
    }
    while (i < to && b[i] != ':') i++;
    return i;
  }

  static int indexOf(byte[] b, byte v, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] == v) return i;
    return -1;
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
