package io.psip.sip.message;

import io.psip.sip.message.impl.AsciiBytes;
import io.psip.sip.message.impl.Lexer;
import io.psip.sip.message.impl.ListSplitter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable SIP message. The headers every transaction and dialog needs are parsed when the message is
 * created (Via, From, To, Call-ID, CSeq, Max-Forwards, Contact, Route, Record-Route, Content-Length); the rest
 * are read on demand. A parsed message keeps its original bytes, which {@link #encode()} returns unchanged.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
  private final List<SipHeader> headers;
  private final String[] canon;
  private volatile byte[] body; // a parsed message's body is copied out of raw when first asked for
  private final int bodyOffset; // where the body starts in raw, for a parsed message; else -1
  private final int bodyLength;
  private byte[] raw;

  private final List<Via> vias;
  private final Address from;
  private final Address to;
  private final String callId;
  private final CSeq cseq;
  private final int maxForwards;
  private final List<Address> contacts;
  private final boolean contactStar;
  private final List<Address> routes;
  private final List<Address> recordRoutes;

  /**
   * @param strict when true every key header must parse and the mandatory ones (RFC 3261 §8.1.1) be present;
   *               when false (only for error responses built from unparseable requests) what does not parse
   *               is left empty
   */
  SipMessage(List<SipHeader> headers, byte[] body, byte[] raw, boolean strict) throws SipSyntaxException {
    this(headers, null, false, body == null ? EMPTY : body, raw, -1, strict);
  }

  /**
   * A parsed message: {@code raw} is its bytes, the body is {@code raw[bodyOffset, raw.length)} (not copied until
   * {@link #body()} is called) and the headers' values are ranges of {@code raw}. {@code canon}, when not null, is
   * {@link HeaderNames#canonical} of each header's name, as the codec already looked it up (kept, not copied).
   * {@code asciiHead}: the header section of {@code raw} is ASCII, so the key headers are read from it in place.
   */
  SipMessage(List<SipHeader> headers, String[] canon, boolean asciiHead, byte[] raw, int bodyOffset)
      throws SipSyntaxException {
    this(headers, canon, asciiHead, raw.length == bodyOffset ? EMPTY : null, raw, bodyOffset, true);
  }

  private SipMessage(List<SipHeader> headers, String[] canonNames, boolean asciiHead, byte[] body, byte[] raw,
                     int bodyOffset, boolean strict) throws SipSyntaxException {
    this.headers = Collections.unmodifiableList(headers);
    this.body = body;
    this.bodyOffset = body == null ? bodyOffset : -1;
    this.bodyLength = body == null ? raw.length - bodyOffset : body.length;
    this.raw = raw;
    int n = headers.size();
    boolean looked = canonNames != null && canonNames.length == n;
    canon = looked ? canonNames : new String[n];
    SipHeader fromH = null, toH = null, callIdH = null, cseqH = null, mfH = null, clH = null;
    List<Via> vias = null;
    List<Address> contacts = null, routes = null, rr = null;
    boolean star = false;
    // the key headers' values are parsed from the message's bytes when they are ASCII (there, one byte is one
    // character, as UTF-8 decoding would give): no String per value
    AsciiBytes view = asciiHead && raw != null ? new AsciiBytes(raw) : null;
    for (int i = 0; i < n; i++) {
      SipHeader h = headers.get(i);
      String c = looked ? canon[i] : (canon[i] = HeaderNames.canonical(h.name()));
      // canonical names of known headers are the HeaderNames constants: compared by identity, no String switch
      // (which hashes the name); values parsed into objects are decoded without being kept by the header
      if (c == HeaderNames.VIA) {
        vias = addAll(vias, strict, c, h, view, Via::parseList);
      } else if (c == HeaderNames.FROM) {
        fromH = single(fromH, h, strict);
      } else if (c == HeaderNames.TO) {
        toH = single(toH, h, strict);
      } else if (c == HeaderNames.CALL_ID) {
        callIdH = single(callIdH, h, strict);
      } else if (c == HeaderNames.CSEQ) {
        cseqH = single(cseqH, h, strict);
      } else if (c == HeaderNames.CONTACT) {
        if (isStar(h)) star = true;
        else contacts = addAll(contacts, strict, c, h, view, Address::parseList);
      } else if (c == HeaderNames.MAX_FORWARDS) {
        mfH = single(mfH, h, strict);
      } else if (c == HeaderNames.CONTENT_LENGTH) {
        clH = single(clH, h, strict);
      } else if (c == HeaderNames.ROUTE) {
        routes = addAll(routes, strict, c, h, view, Address::parseList);
      } else if (c == HeaderNames.RECORD_ROUTE) {
        rr = addAll(rr, strict, c, h, view, Address::parseList);
      } else if (strict && isOtherSingle(c)) {
        // c is a constant, and so is every canonical name equal to it
        for (int j = 0; j < i; j++) {
          if (canon[j] == c) throw new SipSyntaxException("more than one " + c + " header");
        }
      }
    }
    String callIdV = null;
    if (callIdH != null) {
      callIdV = callIdH.transientValue();
      callIdH.share(callIdV); // the message's callId and the header's value: one String
    }
    if (strict) {
      // a request built here gets its Via from the transport that sends it (RFC 3261 §18.1.1)
      boolean builtRequest = raw == null && this instanceof SipRequest;
      if (vias == null && !builtRequest) throw new SipSyntaxException("missing Via header");
      if (fromH == null) throw new SipSyntaxException("missing From header");
      if (toH == null) throw new SipSyntaxException("missing To header");
      if (callIdV == null) throw new SipSyntaxException("missing Call-ID header");
      if (cseqH == null) throw new SipSyntaxException("missing CSeq header");
      if (callIdV.isEmpty() || !isCallId(callIdV)) throw new SipSyntaxException("malformed Call-ID");
      if (star && contacts != null) throw new SipSyntaxException("Contact '*' mixed with addresses");
    }
    this.vias = frozen(vias);
    this.from = parseOrNull(fromH, view, strict, "From");
    this.to = parseOrNull(toH, view, strict, "To");
    this.callId = callIdV;
    CSeq cs = null;
    int mf = -1;
    try {
      // read from the message's bytes when the header has them: no String for a value that becomes a number
      if (cseqH != null) cs = cseqH.bytes() != null ? CSeq.parse(cseqH.bytes(), cseqH.offset(), cseqH.end())
          : CSeq.parse(cseqH.value());
      if (mfH != null) mf = (int) number(mfH, 255, "Max-Forwards");
      if (clH != null) {
        long cl = number(clH, Integer.MAX_VALUE, "Content-Length");
        if (strict && raw != null && cl != bodyLength) throw new SipSyntaxException("Content-Length mismatch");
      }
    } catch (SipSyntaxException e) {
      if (strict) throw e;
    }
    this.cseq = cs;
    this.maxForwards = mf;
    this.contacts = frozen(contacts);
    this.contactStar = star;
    this.routes = frozen(routes);
    this.recordRoutes = frozen(rr);
  }

  static final byte[] EMPTY = new byte[0];

  // takes the value rather than capturing it, so that the method references are constants: no object per header
  private interface ListParser<T> {
    List<T> parse(CharSequence s, int from, int to) throws SipSyntaxException;
  }

  /** True when {@code h}'s value can be read in place from {@code view}, the message's ASCII bytes. */
  private static boolean inPlace(SipHeader h, AsciiBytes view) { return view != null && view.holds(h.bytes()); }

  private static <T> List<T> addAll(List<T> acc, boolean strict, String header, SipHeader h, AsciiBytes view,
                                    ListParser<T> p) throws SipSyntaxException {
    List<T> parsed;
    try {
      if (inPlace(h, view)) {
        parsed = p.parse(view, h.offset(), h.end());
      } else {
        String v = h.transientValue();
        parsed = p.parse(v, 0, v.length());
      }
    } catch (SipSyntaxException e) {
      // name the header: "expected a token for parameter name" alone does not tell an operator where to look
      if (strict) throw new SipSyntaxException("malformed " + header + ": " + e.getMessage());
      return acc;
    }
    if (acc == null) return parsed; // the parser's own list: nobody else holds it
    acc.addAll(parsed);
    return acc;
  }

  /** Read-only: one element as a singleton list, which a message keeps for a fraction of an ArrayList's size. */
  private static <T> List<T> frozen(List<T> list) {
    if (list == null) return List.of();
    return list.size() == 1 ? Collections.singletonList(list.get(0)) : Collections.unmodifiableList(list);
  }

  /**
   * {@link HeaderNames#isSingle} for the single-valued headers the switch above does not handle. {@code c} comes
   * from {@link HeaderNames#canonical}, which returns the constant for every known name, so identity suffices.
   */
  private static boolean isOtherSingle(String c) {
    return c == HeaderNames.CONTENT_TYPE || c == HeaderNames.EXPIRES || c == HeaderNames.MIN_EXPIRES
        || c == HeaderNames.DATE;
  }

  private static SipHeader single(SipHeader previous, SipHeader h, boolean strict) throws SipSyntaxException {
    if (previous != null) {
      if (strict) throw new SipSyntaxException("more than one " + HeaderNames.canonical(h.name()) + " header");
      return previous;
    }
    return h;
  }

  private static long number(SipHeader h, long max, String what) throws SipSyntaxException {
    byte[] b = h.bytes();
    return b != null ? CSeq.parseNumber(b, h.offset(), h.end(), max, what) : CSeq.parseNumber(h.value(), max, what);
  }

  /** {@code value.trim().equals("*")} without decoding or copying the value. */
  private static boolean isStar(SipHeader h) {
    byte[] b = h.bytes();
    if (b != null) {
      // a parsed value is trimmed of SP and HTAB already; trim() would also drop other control characters
      int from = h.offset();
      int to = h.end();
      while (from < to && (b[from] & 0xff) <= ' ') from++;
      while (to > from && (b[to - 1] & 0xff) <= ' ') to--;
      return to - from == 1 && b[from] == '*';
    }
    String v = h.transientValue();
    int from = 0;
    int to = v.length();
    while (from < to && v.charAt(from) <= ' ') from++;
    while (to > from && v.charAt(to - 1) <= ' ') to--;
    return to - from == 1 && v.charAt(from) == '*';
  }

  private static Address parseOrNull(SipHeader h, AsciiBytes view, boolean strict, String what)
      throws SipSyntaxException {
    if (h == null) return null;
    try {
      return inPlace(h, view) ? Address.parse(view, h.offset(), h.end()) : Address.parse(h.transientValue());
    } catch (SipSyntaxException e) {
      if (strict) throw new SipSyntaxException("malformed " + what + ": " + e.getMessage());
      return null;
    }
  }

  // callid = word [ "@" word ] (RFC 3261 §25.1); word allows most printable characters
  private static boolean isCallId(String v) {
    int at = -1;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '@') {
        if (at >= 0 || i == 0 || i == v.length() - 1) return false;
        at = i;
      } else if (c <= ' ' || c >= 127) {
        return false;
      }
    }
    return true;
  }

  public abstract boolean isRequest();

  /** The start line without CRLF. */
  public abstract String startLine();

  public List<SipHeader> headers() { return headers; }

  /** The first value of the named header (case-insensitive, compact forms folded), or {@code null}. */
  public String header(String name) {
    String c = HeaderNames.canonical(name);
    for (int i = 0; i < canon.length; i++) if (canon[i].equalsIgnoreCase(c)) return headers.get(i).value();
    return null;
  }

  public boolean hasHeader(String name) { return header(name) != null; }

  /**
   * Every value of the named header in order. For list headers (Via, Contact, Allow, Require…) each
   * comma-separated element is its own value, split outside quoted strings, comments and {@code <>}.
   */
  public List<String> headerValues(String name) {
    String c = HeaderNames.canonical(name);
    boolean list = HeaderNames.isList(c);
    List<String> out = null;
    for (int i = 0; i < canon.length; i++) {
      if (!canon[i].equalsIgnoreCase(c)) continue;
      if (out == null) out = new ArrayList<>(2);
      if (list) ListSplitter.split(headers.get(i).value(), out);
      else out.add(headers.get(i).value());
    }
    return out == null ? List.of() : out;
  }

  /** The options of Require, Supported, Proxy-Require and the like, as tokens. */
  public List<String> optionTags(String name) {
    List<String> out = new ArrayList<>(2);
    for (String v : headerValues(name)) if (!v.isEmpty()) out.add(v);
    return out;
  }

  public byte[] body() {
    byte[] b = body;
    if (b == null) body = b = Arrays.copyOfRange(raw, bodyOffset, bodyOffset + bodyLength);
    return b;
  }

  public boolean hasBody() { return bodyLength > 0; }

  public List<Via> vias() { return vias; }

  public Via topVia() { return vias.isEmpty() ? null : vias.get(0); }

  public Address from() { return from; }

  public Address to() { return to; }

  public String callId() { return callId; }

  public CSeq cseq() { return cseq; }

  /** Max-Forwards, or -1 when absent. */
  public int maxForwards() { return maxForwards; }

  public List<Address> contacts() { return contacts; }

  /** {@code Contact: *} (REGISTER only, RFC 3261 §10.2.2). */
  public boolean contactStar() { return contactStar; }

  public List<Address> routes() { return routes; }

  public List<Address> recordRoutes() { return recordRoutes; }

  /** The media type of the body without parameters, lower-cased, or {@code null}. */
  public String contentType() {
    String v = header(HeaderNames.CONTENT_TYPE);
    if (v == null) return null;
    int semi = v.indexOf(';');
    return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** The bytes of this message: the original bytes when it was parsed, else its serialisation. */
  public byte[] encode() {
    byte[] r = raw;
    if (r == null) raw = r = serialise();
    return r;
  }

  private byte[] serialise() {
    StringBuilder b = new StringBuilder(512).append(startLine()).append("\r\n");
    for (SipHeader h : headers) b.append(h.name()).append(": ").append(h.value()).append("\r\n");
    b.append("\r\n");
    byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
    byte[] body = body();
    if (body.length == 0) return head;
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length);
    out.write(head, 0, head.length);
    out.write(body, 0, body.length);
    return out.toByteArray();
  }

  @Override
  public String toString() { return new String(encode(), StandardCharsets.UTF_8); }

  /** A short description for logs: start line, Call-ID and CSeq; never a body or credentials. */
  public String summary() { return startLine() + " [" + callId + " " + cseq + "]"; }

  static String quoteIfNeeded(String s) { return Lexer.isToken(s) ? s : Lexer.quote(s); }
}
