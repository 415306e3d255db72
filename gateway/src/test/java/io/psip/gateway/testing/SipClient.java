package io.psip.gateway.testing;

import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A plain SIP client over a blocking socket bound to a chosen loopback address (127.0.0.x), so tests can speak from
 * several distinct source addresses: the ACL and the failure ban key on the packet's source address. Requests are
 * written as text ({@link Request}), responses parsed with the codec. One instance is one UDP socket or one TCP
 * connection to the node.
 */
public final class SipClient implements AutoCloseable {
  private static final int DEFAULT_TIMEOUT_MS = 5000;
  private final SipMessageParser parser = new SipMessageParser();
  private final DatagramSocket udp;
  private final Socket tcp;
  private final InetAddress server;
  private final int serverPort;
  private final ByteArrayOutputStream tcpBuffer = new ByteArrayOutputStream();

  private SipClient(DatagramSocket udp, Socket tcp, InetAddress server, int serverPort) {
    this.udp = udp;
    this.tcp = tcp;
    this.server = server;
    this.serverPort = serverPort;
  }

  /** A UDP socket bound to {@code bindHost} (a loopback address), speaking to 127.0.0.1:{@code serverPort}. */
  public static SipClient udp(String bindHost, int serverPort) throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bindHost), 0));
    s.setSoTimeout(DEFAULT_TIMEOUT_MS);
    return new SipClient(s, null, InetAddress.getByName("127.0.0.1"), serverPort);
  }

  /** A TCP connection from {@code bindHost} to 127.0.0.1:{@code serverPort}. */
  public static SipClient tcp(String bindHost, int serverPort) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(bindHost), 0));
    InetAddress server = InetAddress.getByName("127.0.0.1");
    s.connect(new InetSocketAddress(server, serverPort), DEFAULT_TIMEOUT_MS);
    s.setSoTimeout(DEFAULT_TIMEOUT_MS);
    return new SipClient(null, s, server, serverPort);
  }

  public String transport() { return udp != null ? "UDP" : "TCP"; }

  public String localHost() {
    return (udp != null ? udp.getLocalAddress() : tcp.getLocalAddress()).getHostAddress();
  }

  public int localPort() { return udp != null ? udp.getLocalPort() : tcp.getLocalPort(); }

  /** {@code ip:port} of this socket, as the node sees the source. */
  public String source() { return localHost() + ':' + localPort(); }

  /** A new INVITE (fresh Call-ID, From tag and branch) to {@code requestUri}. */
  public Request invite(String requestUri) { return new Request(this, "INVITE", requestUri); }

  public Request request(String method, String requestUri) { return new Request(this, method, requestUri); }

  public void send(String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (udp != null) {
      udp.send(new DatagramPacket(bytes, bytes.length, server, serverPort));
    } else {
      tcp.getOutputStream().write(bytes);
      tcp.getOutputStream().flush();
    }
  }

  /** The next response; fails the test after 5 s of silence. */
  public SipResponse receive() throws IOException { return receive(DEFAULT_TIMEOUT_MS); }

  public SipResponse receive(int timeoutMs) throws IOException {
    byte[] message = udp != null ? receiveDatagram(timeoutMs) : receiveFramed(timeoutMs);
    DecodeResult r = parser.parseDatagram(message);
    if (r instanceof DecodeResult.Message m && m.message() instanceof SipResponse resp) return resp;
    throw new AssertionError("expected a SIP response, got " + r + ":\n" + new String(message, StandardCharsets.UTF_8));
  }

  /** The next response if one comes within {@code timeoutMs}, else {@code null}. */
  public SipResponse poll(int timeoutMs) throws IOException {
    try {
      return receive(timeoutMs);
    } catch (AssertionError silence) {
      if (String.valueOf(silence.getMessage()).startsWith("no SIP response")) return null;
      throw silence;
    }
  }

  /** Responses up to and including the first final one (a 100 Trying may come first). */
  public List<SipResponse> receiveUntilFinal() throws IOException {
    List<SipResponse> all = new ArrayList<>();
    SipResponse r;
    do {
      r = receive();
      all.add(r);
    } while (!r.isFinal());
    return all;
  }

  /** Sends {@code request}, returns its final response, and ACKs it when it is a non-2xx final response. */
  public SipResponse exchange(Request request) throws IOException {
    String text = request.text();
    send(text);
    List<SipResponse> responses = receiveUntilFinal();
    SipResponse last = responses.get(responses.size() - 1);
    if (request.method().equals("INVITE") && last.status() >= 300) send(ackFor(text, last));
    return last;
  }

  /** The ACK for a non-2xx final response to {@code invite} (RFC 3261 §17.1.1.3): same branch, the response's To. */
  public static String ackFor(String invite, SipResponse response) {
    String via = line(invite, "Via:");
    String from = line(invite, "From:");
    String callId = line(invite, "Call-ID:");
    String cseq = line(invite, "CSeq:").replace("INVITE", "ACK");
    String uri = invite.substring(invite.indexOf(' ') + 1, invite.indexOf(" SIP/2.0"));
    return "ACK " + uri + " SIP/2.0\r\n" + via + "\r\nMax-Forwards: 70\r\n" + from + "\r\nTo: " + response.header("To")
        + "\r\n" + callId + "\r\n" + cseq + "\r\nContent-Length: 0\r\n\r\n";
  }

  private static String line(String message, String prefix) {
    return message.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  private byte[] receiveDatagram(int timeoutMs) throws IOException {
    byte[] buf = new byte[65535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    udp.setSoTimeout(timeoutMs);
    try {
      udp.receive(p);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no SIP response over UDP within " + timeoutMs + " ms");
    }
    return Arrays.copyOf(buf, p.getLength());
  }

  /** Reads one message off the stream: the head up to the blank line, then Content-Length bytes. */
  private byte[] receiveFramed(int timeoutMs) throws IOException {
    InputStream in = tcp.getInputStream();
    tcp.setSoTimeout(timeoutMs);
    try {
      while (true) {
        byte[] have = tcpBuffer.toByteArray();
        int headEnd = indexOf(have, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headEnd >= 0) {
          String head = new String(have, 0, headEnd, StandardCharsets.UTF_8);
          int length = head.lines().filter(l -> l.regionMatches(true, 0, "Content-Length:", 0, 15))
              .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
          int total = headEnd + 4 + length;
          if (have.length >= total) {
            tcpBuffer.reset();
            tcpBuffer.write(have, total, have.length - total);
            return Arrays.copyOf(have, total);
          }
        }
        byte[] chunk = new byte[4096];
        int n = in.read(chunk);
        if (n < 0) throw new AssertionError("connection closed before a complete SIP response");
        tcpBuffer.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no SIP response over TCP within " + timeoutMs + " ms");
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    if (udp != null) udp.close();
    if (tcp != null) tcp.close();
  }

  /**
   * A request as text. Call-ID, From tag and branch are fresh unless set; {@link #next()} makes the follow-up request
   * of the same call (same Call-ID and From tag, CSeq + 1, a new branch), as a client answering a challenge does.
   */
  public static final class Request {
    private final SipClient client;
    private final String method;
    private final String requestUri;
    private String toUri;
    private String from = "<sip:tester@127.0.0.1>";
    private String fromTag = token();
    private String callId = token() + "@test";
    private String branch = "z9hG4bK" + token();
    private int cseq = 1;
    private int maxForwards = 70;
    private String viaSentBy;
    private final List<String> headers = new ArrayList<>();
    private String body = "";

    Request(SipClient client, String method, String requestUri) {
      this.client = client;
      this.method = method;
      this.requestUri = requestUri;
      this.toUri = requestUri;
    }

    public String method() { return method; }

    public String requestUri() { return requestUri; }

    public String callId() { return callId; }

    public int cseq() { return cseq; }

    /** The From address, e.g. {@code <sip:+15551230000@pbx.example.com>} (the tag is added). */
    public Request from(String address) {
      this.from = address;
      return this;
    }

    public Request to(String uri) {
      this.toUri = uri;
      return this;
    }

    /** A Via sent-by other than the socket's address (say a forged one); {@code rport} still routes the answer. */
    public Request viaSentBy(String hostPort) {
      this.viaSentBy = hostPort;
      return this;
    }

    public Request maxForwards(int n) {
      this.maxForwards = n;
      return this;
    }

    /** One more header line, e.g. {@code "X-Acme: 1"}, kept in order after the mandatory ones. */
    public Request header(String line) {
      headers.add(line);
      return this;
    }

    public Request body(String contentTypeLine, String text) {
      headers.add(contentTypeLine);
      this.body = text;
      return this;
    }

    /** The same call's next request: CSeq + 1, a new branch, the same headers. */
    public Request next() {
      Request r = new Request(client, method, requestUri);
      r.toUri = toUri;
      r.from = from;
      r.fromTag = fromTag;
      r.callId = callId;
      r.cseq = cseq + 1;
      r.maxForwards = maxForwards;
      r.viaSentBy = viaSentBy;
      r.headers.addAll(headers);
      r.body = body;
      return r;
    }

    /** Drops the extra header lines starting with {@code prefix} (case-insensitive). */
    public Request without(String prefix) {
      headers.removeIf(h -> h.regionMatches(true, 0, prefix, 0, prefix.length()));
      return this;
    }

    public String text() {
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder b = new StringBuilder()
          .append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n")
          .append("Via: SIP/2.0/").append(client.transport()).append(' ')
          .append(viaSentBy != null ? viaSentBy : client.localHost() + ':' + client.localPort()).append(";branch=").append(branch).append(";rport\r\n")
          .append("Max-Forwards: ").append(maxForwards).append("\r\n")
          .append("From: ").append(from).append(";tag=").append(fromTag).append("\r\n")
          .append("To: <").append(toUri).append(">\r\n")
          .append("Call-ID: ").append(callId).append("\r\n")
          .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
          .append("Contact: <sip:tester@").append(client.localHost()).append(':').append(client.localPort())
          .append(";transport=").append(client.transport().toLowerCase()).append(">\r\n");
      for (String h : headers) b.append(h).append("\r\n");
      return b.append("Content-Length: ").append(content.length).append("\r\n\r\n").append(body).toString();
    }

    private static String token() { return Long.toHexString(ThreadLocalRandom.current().nextLong()); }
  }
}
