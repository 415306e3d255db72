package io.psip.sip.message;

import io.psip.sip.message.impl.HostSyntax;
import io.psip.sip.message.impl.Lexer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One Via value (RFC 3261 §20.42, §25.1; RFC 3581 rport). Immutable. */
public final class Via {
  /** RFC 3261 §8.1.1.7: branches that start with the magic cookie are unique per transaction. */
  public static final String MAGIC_COOKIE = "z9hG4bK";

  private final String protocol;   // "SIP/2.0"
  private final String transport;  // upper-case: UDP, TCP, TLS, SCTP, WS, WSS or an extension
  private final String host;       // as written (IPv6 with brackets)
  private final int port;          // -1 when absent
  private final Parameters params;
  private String text;

  public Via(String transport, String host, int port, Parameters params) {
    this("SIP/2.0", transport.toUpperCase(Locale.ROOT), host, port, params, null);
  }

  private Via(String protocol, String transport, String host, int port, Parameters params, String text) {
    this.protocol = protocol;
    this.transport = transport;
    this.host = host;
    this.port = port;
    this.params = params;
    this.text = text;
  }

  public String protocol() { return protocol; }

  public String transport() { return transport; }

  public String host() { return host; }

  /** The sent-by port, or -1. */
  public int port() { return port; }

  public Parameters params() { return params; }

  public String branch() { return params.get("branch"); }

  /** True when the branch is RFC 3261 style (starts with the magic cookie), §17.2.3. */
  public boolean hasRfc3261Branch() {
    String b = branch();
    return b != null && b.startsWith(MAGIC_COOKIE);
  }

  public String received() { return params.get("received"); }

  /** RFC 3581: the client asked for the source port in the response. */
  public boolean hasRport() { return params.has("rport"); }

  /** The rport value that a server filled in, or -1. */
  public int rport() {
    String v = params.get("rport");
    if (v == null) return -1;
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public String maddr() { return params.get("maddr"); }

  /**
   * This Via with {@code ;name=value} added or replaced (received, rport on the way in, RFC 3261 §18.2.1).
   *
   * @throws IllegalArgumentException when {@code ;name=value} would not parse back
   */
  public Via withParam(String name, String value) {
    Parameters.checkHeaderParam(name, value);
    return new Via(protocol, transport, host, port, params.with(name, value), null);
  }

  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      StringBuilder b = new StringBuilder(64).append(protocol).append('/').append(transport).append(' ').append(host);
      if (port >= 0) b.append(':').append(port);
      text = t = params.appendTo(b).toString();
    }
    return t;
  }

  @Override
  public boolean equals(Object o) { return o instanceof Via v && v.toString().equals(toString()); }

  @Override
  public int hashCode() { return toString().hashCode(); }

  /** Parses one Via header value, which may hold several comma-separated via-parms. */
  public static List<Via> parseList(String value) throws SipSyntaxException {
    return parseList(value, 0, value.length());
  }

  /** {@link #parseList(String)} of {@code s[from, to)}, read in place (a parsed message's bytes). */
  static List<Via> parseList(CharSequence s, int from, int to) throws SipSyntaxException {
    Lexer lx = new Lexer(s, from, to);
    List<Via> out = new ArrayList<>(2);
    lx.skipWs();
    do {
      out.add(parse(lx));
    } while (lx.tryMark(','));
    lx.skipWs();
    if (!lx.atEnd()) throw lx.fail("unexpected '" + lx.peek() + "' in Via");
    return out;
  }

  // via-parm = sent-protocol LWS sent-by *( SEMI via-params ); sent-protocol = name SLASH version SLASH transport
  private static Via parse(Lexer lx) throws SipSyntaxException {
    // the sent-protocol parts are compared in place: nearly every Via says SIP/2.0 over a known transport
    CharSequence src = lx.source();
    int nameStart = lx.skipToken("Via protocol name");
    int nameEnd = lx.pos();
    lx.expectMark('/', "in Via sent-protocol");
    int versionStart = lx.skipToken("Via protocol version");
    int versionEnd = lx.pos();
    lx.expectMark('/', "in Via sent-protocol");
    int transportStart = lx.skipToken("Via transport");
    String transport = transport(src, transportStart, lx.pos());
    if (!lx.skipWs()) throw lx.fail("expected LWS before Via sent-by");
    String host;
    if (lx.peek() == '[') {
      int close = Lexer.indexOf(src, ']', lx.pos(), lx.end());
      if (close < 0) throw lx.fail("unterminated IPv6 reference in Via");
      host = Lexer.substring(src, lx.pos(), close + 1);
      lx.pos(close + 1);
    } else {
      if (HostSyntax.looksLikeBareIpv6(src, lx.pos(), lx.end())) {
        throw lx.fail("IPv6 address not enclosed in [] (RFC 5118 §4.2) in Via sent-by");
      }
      host = lx.until(HOST_STOPS, "Via sent-by host");
    }
    String problem = HostSyntax.problem(host);
    if (problem != null) throw lx.fail(problem + " in Via sent-by");
    int port = -1;
    if (lx.tryMark(':')) port = (int) CSeq.digits(lx, 65535, "Via port");
    Parameters params = Parameters.parseHeaderParams(lx);
    Parameters.Param branch = params.find("branch");
    if (branch != null && (branch.value() == null || branch.value().isEmpty())) throw lx.fail("Via branch has no value");
    return new Via(protocol(src, nameStart, nameEnd, versionStart, versionEnd), transport, host, port, params, null);
  }

  private static final boolean[] HOST_STOPS = Lexer.charSet(":;,");

  /** "SIP/2.0" shared, as nearly every Via has it; another protocol gets its own String. */
  private static String protocol(CharSequence s, int nameStart, int nameEnd, int versionStart, int versionEnd) {
    if (nameEnd - nameStart == 3 && Lexer.regionMatchesIgnoreCase(s, nameStart, "SIP")
        && versionEnd - versionStart == 3 && Lexer.startsWith(s, "2.0", versionStart)) {
      return "SIP/2.0";
    }
    return Lexer.substring(s, nameStart, nameEnd).toUpperCase(Locale.ROOT) + '/'
        + Lexer.substring(s, versionStart, versionEnd);
  }

  private static final String[] TRANSPORTS = {"UDP", "TCP", "TLS", "SCTP", "WS", "WSS"};

  /** The transport upper-cased: a shared constant for the known ones. */
  private static String transport(CharSequence s, int from, int to) {
    for (String t : TRANSPORTS) {
      if (t.length() == to - from && Lexer.regionMatchesIgnoreCase(s, from, t)) return t;
    }
    return Lexer.substring(s, from, to).toUpperCase(Locale.ROOT);
  }
}
