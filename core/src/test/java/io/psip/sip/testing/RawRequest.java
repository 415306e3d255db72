package io.psip.sip.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds request bytes by hand, as a peer would put them on the wire, without psip's message classes. Defaults give
 * a well-formed request (Via with a fresh branch and {@code rport}, Max-Forwards 70, From with a tag, To, Call-ID,
 * CSeq, Contact); every default can be replaced or removed to make the request as wrong as a test needs.
 */
public final class RawRequest {
  private final String method;
  private String uri;
  private String transport = "UDP";
  private String viaHost = "127.0.0.1";
  private int viaPort = 5060;
  private boolean rport = true;
  private String branch = newBranch();
  private String callId = token() + "@test.invalid";
  private String fromTag = token();
  private String to = "<sip:uas@127.0.0.1>";
  private String from = "<sip:uac@test.invalid>";
  private long cseq = 1;
  private String cseqMethod;
  private final List<String[]> extra = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();
  private final List<String[]> replaced = new ArrayList<>();
  private byte[] body = new byte[0];
  private String contentType;

  private RawRequest(String method, String uri) {
    this.method = method;
    this.uri = uri;
    this.cseqMethod = method;
  }

  public static RawRequest of(String method, String uri) { return new RawRequest(method, uri); }

  public static String token() { return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36); }

  public static String newBranch() { return "z9hG4bK" + token(); }

  /** The sent-by of the top Via (transport, host, port); the port is usually the client's own socket. */
  public RawRequest via(String transport, String host, int port) {
    this.transport = transport;
    this.viaHost = host;
    this.viaPort = port;
    return this;
  }

  public RawRequest noRport() { rport = false; return this; }

  public RawRequest branch(String b) { branch = b; return this; }

  public RawRequest callId(String c) { callId = c; return this; }

  public RawRequest fromTag(String t) { fromTag = t; return this; }

  public RawRequest to(String t) { to = t; return this; }

  public RawRequest cseq(long n) { cseq = n; return this; }

  public RawRequest cseqMethod(String m) { cseqMethod = m; return this; }

  public RawRequest uri(String u) { uri = u; return this; }

  /** Adds a header after the defaults. */
  public RawRequest header(String name, String value) {
    extra.add(new String[]{name, value});
    return this;
  }

  /** Replaces a default header's value (Max-Forwards, Contact, …). */
  public RawRequest set(String name, String value) {
    replaced.add(new String[]{name, value});
    return this;
  }

  /** Leaves a default header out. */
  public RawRequest without(String name) {
    removed.add(name.toLowerCase(Locale.ROOT));
    return this;
  }

  public RawRequest body(String contentType, String text) {
    this.contentType = contentType;
    this.body = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  public String method() { return method; }

  public String branch() { return branch; }

  public String callId() { return callId; }

  public String fromTag() { return fromTag; }

  public long cseq() { return cseq; }

  public String topVia() {
    return "SIP/2.0/" + transport + " " + viaHost + ":" + viaPort + ";branch=" + branch + (rport ? ";rport" : "");
  }

  public byte[] bytes() { return text().getBytes(StandardCharsets.UTF_8); }

  public String text() {
    List<String[]> h = new ArrayList<>();
    h.add(new String[]{"Via", topVia()});
    h.add(new String[]{"Max-Forwards", "70"});
    h.add(new String[]{"From", from + ";tag=" + fromTag});
    h.add(new String[]{"To", to});
    h.add(new String[]{"Call-ID", callId});
    h.add(new String[]{"CSeq", cseq + " " + cseqMethod});
    h.add(new String[]{"Contact", "<sip:uac@" + viaHost + ":" + viaPort + (transport.equals("TCP") ? ";transport=tcp" : "") + ">"});
    h.addAll(extra);
    if (contentType != null) h.add(new String[]{"Content-Type", contentType});
    h.add(new String[]{"Content-Length", Integer.toString(body.length)});
    for (String[] r : replaced) {
      for (String[] d : h) if (d[0].equalsIgnoreCase(r[0])) d[1] = r[1];
    }
    h.removeIf(d -> removed.contains(d[0].toLowerCase(Locale.ROOT)));
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(uri).append(" SIP/2.0\r\n");
    for (String[] d : h) sb.append(d[0]).append(": ").append(d[1]).append("\r\n");
    sb.append("\r\n");
    sb.append(new String(body, StandardCharsets.UTF_8));
    return sb.toString();
  }

  /** RFC 3261 §17.1.1.3: the ACK for a non-2xx final response: same branch, To from the response. */
  public RawRequest ackFor(RawMessage finalResponse) {
    RawRequest ack = copyDialog("ACK", uri);
    ack.branch = branch;
    ack.to = stripTag(finalResponse.header("To")) + ";tag=" + finalResponse.toTag();
    ack.cseq = cseq;
    return ack;
  }

  /** RFC 3261 §13.2.2.4: the ACK for a 2xx: a new transaction (new branch), To tag from the response. */
  public RawRequest ack2xx(RawMessage ok) {
    RawRequest ack = copyDialog("ACK", uri);
    ack.to = stripTag(ok.header("To")) + ";tag=" + ok.toTag();
    ack.cseq = cseq;
    return ack;
  }

  /** RFC 3261 §9.1: CANCEL with the INVITE's branch, Call-ID, From, To and CSeq number. */
  public RawRequest cancel() {
    RawRequest c = copyDialog("CANCEL", uri);
    c.branch = branch;
    c.to = to;
    c.cseq = cseq;
    return c;
  }

  /** A BYE in the dialog the 2xx established: new branch, next CSeq number. */
  public RawRequest bye(RawMessage ok) {
    RawRequest bye = copyDialog("BYE", uri);
    bye.to = stripTag(ok.header("To")) + ";tag=" + ok.toTag();
    bye.cseq = cseq + 1;
    return bye;
  }

  private RawRequest copyDialog(String m, String u) {
    RawRequest r = new RawRequest(m, u);
    r.transport = transport;
    r.viaHost = viaHost;
    r.viaPort = viaPort;
    r.rport = rport;
    r.callId = callId;
    r.fromTag = fromTag;
    r.from = from;
    return r;
  }

  private static String stripTag(String addr) {
    int gt = addr.lastIndexOf('>');
    int semi = addr.indexOf(';', gt < 0 ? 0 : gt);
    return semi < 0 ? addr : addr.substring(0, semi);
  }

  /** A minimal SDP offer. */
  public static String sdp(int rtpPort) {
    return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + rtpPort
        + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  }
}
