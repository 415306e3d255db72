package io.psip.sip.message;

import io.psip.sip.message.impl.Lexer;
import io.psip.sip.message.impl.ListSplitter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
  private final byte[] body;
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
    this.headers = Collections.unmodifiableList(headers);
    this.body = body == null ? EMPTY : body;
    this.raw = raw;
    int n = headers.size();
    canon = new String[n];
    String fromV = null, toV = null, callIdV = null, cseqV = null, mfV = null, clV = null;
    List<Via> vias = null;
    List<Address> contacts = null, routes = null, rr = null;
    boolean star = false;
    for (int i = 0; i < n; i++) {
      SipHeader h = headers.get(i);
      String c = HeaderNames.canonical(h.name());
      canon[i] = c;
      switch (c) {
        case HeaderNames.VIA -> vias = addAll(vias, strict, c, h.value(), Via::parseList);
        case HeaderNames.FROM -> fromV = single(fromV, h, strict);
        case HeaderNames.TO -> toV = single(toV, h, strict);
        case HeaderNames.CALL_ID -> callIdV = single(callIdV, h, strict);
        case HeaderNames.CSEQ -> cseqV = single(cseqV, h, strict);
        case HeaderNames.MAX_FORWARDS -> mfV = single(mfV, h, strict);
        case HeaderNames.CONTENT_LENGTH -> clV = single(clV, h, strict);
        case HeaderNames.CONTACT -> {
          if (h.value().trim().equals("*")) star = true;
          else contacts = addAll(contacts, strict, c, h.value(), Address::parseList);
        }
        case HeaderNames.ROUTE -> routes = addAll(routes, strict, c, h.value(), Address::parseList);
        case HeaderNames.RECORD_ROUTE -> rr = addAll(rr, strict, c, h.value(), Address::parseList);
        default -> {
          if (strict && HeaderNames.isSingle(c)) {
            for (int j = 0; j < i; j++) {
              if (canon[j].equals(c)) throw new SipSyntaxException("more than one " + c + " header");
            }
          }
        }
      }
    }
    if (strict) {
      // a request built here gets its Via from the transport that sends it (RFC 3261 §18.1.1)
      boolean builtRequest = raw == null && this instanceof SipRequest;
      if (vias == null && !builtRequest) throw new SipSyntaxException("missing Via header");
      if (fromV == null) throw new SipSyntaxException("missing From header");
      if (toV == null) throw new SipSyntaxException("missing To header");
      if (callIdV == null) throw new SipSyntaxException("missing Call-ID header");
      if (cseqV == null) throw new SipSyntaxException("missing CSeq header");
      if (callIdV.isEmpty() || !isCallId(callIdV)) throw new SipSyntaxException("malformed Call-ID");
      if (star && contacts != null) throw new SipSyntaxException("Contact '*' mixed with addresses");
    }
    this.vias = vias == null ? List.of() : Collections.unmodifiableList(vias);
    this.from = parseOrNull(fromV, strict, "From");
    this.to = parseOrNull(toV, strict, "To");
    this.callId = callIdV;
    CSeq cs = null;
    int mf = -1;
    try {
      if (cseqV != null) cs = CSeq.parse(cseqV);
      if (mfV != null) mf = (int) CSeq.parseNumber(mfV, 255, "Max-Forwards");
      if (clV != null) {
        long cl = CSeq.parseNumber(clV, Integer.MAX_VALUE, "Content-Length");
        if (strict && raw != null && cl != this.body.length) throw new SipSyntaxException("Content-Length mismatch");
      }
    } catch (SipSyntaxException e) {
      if (strict) throw e;
    }
    this.cseq = cs;
    this.maxForwards = mf;
    this.contacts = contacts == null ? List.of() : Collections.unmodifiableList(contacts);
    this.contactStar = star;
    this.routes = routes == null ? List.of() : Collections.unmodifiableList(routes);
    this.recordRoutes = rr == null ? List.of() : Collections.unmodifiableList(rr);
  }

  static final byte[] EMPTY = new byte[0];

  // takes the value rather than capturing it, so that the method references are constants: no object per header
  private interface ListParser<T> {
    List<T> parse(String value) throws SipSyntaxException;
  }

  private static <T> List<T> addAll(List<T> acc, boolean strict, String header, String value, ListParser<T> p)
      throws SipSyntaxException {
    List<T> parsed;
    try {
      parsed = p.parse(value);
    } catch (SipSyntaxException e) {
      // name the header: "expected a token for parameter name" alone does not tell an operator where to look
      if (strict) throw new SipSyntaxException("malformed " + header + ": " + e.getMessage());
      return acc;
    }
    if (acc == null) acc = new ArrayList<>(parsed.size());
    acc.addAll(parsed);
    return acc;
  }

  private static String single(String previous, SipHeader h, boolean strict) throws SipSyntaxException {
    if (previous != null) {
      if (strict) throw new SipSyntaxException("more than one " + HeaderNames.canonical(h.name()) + " header");
      return previous;
    }
    return h.value();
  }

  private static Address parseOrNull(String v, boolean strict, String what) throws SipSyntaxException {
    if (v == null) return null;
    try {
      return Address.parse(v);
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

  public byte[] body() { return body; }

  public boolean hasBody() { return body.length > 0; }

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
