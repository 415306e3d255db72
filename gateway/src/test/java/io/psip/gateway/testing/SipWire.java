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
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately plain SIP client over blocking loopback sockets: it writes requests as text and parses what comes
 * back with the codec. Each instance is one socket (UDP) or one connection (TCP); requests it builds carry the
 * socket's real address in Via, so responses route back to it.
 */
public final class SipWire implements AutoCloseable {
  private static final int TIMEOUT_MS = 5000;
  private final SipMessageParser parser = new SipMessageParser();
  private final DatagramSocket udp;
  private final Socket tcp;
  private final int serverPort;
  private final ByteArrayOutputStream tcpBuffer = new ByteArrayOutputStream();

  private SipWire(DatagramSocket udp, Socket tcp, int serverPort) {
    this.udp = udp;
    this.tcp = tcp;
    this.serverPort = serverPort;
  }

  public static SipWire udp(int serverPort) throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    s.setSoTimeout(TIMEOUT_MS);
    return new SipWire(s, null, serverPort);
  }

  public static SipWire tcp(int serverPort) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), TIMEOUT_MS);
    s.setSoTimeout(TIMEOUT_MS);
    return new SipWire(null, s, serverPort);
  }

  public String transport() { return udp != null ? "UDP" : "TCP"; }

  public int localPort() { return udp != null ? udp.getLocalPort() : tcp.getLocalPort(); }

  /**
   * A request with every mandatory header; {@code extraHeaders} lines are added before Content-Length.
   * The branch, Call-ID and From tag are fresh on every call.
   */
  public String request(String method, String requestUri, String toTag, String... extraHeaders) {
    String token = Long.toHexString(ThreadLocalRandom.current().nextLong());
    StringBuilder b = new StringBuilder()
        .append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/").append(transport()).append(" 127.0.0.1:").append(localPort())
        .append(";branch=z9hG4bK").append(token).append(";rport\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("From: <sip:tester@127.0.0.1>;tag=f").append(token).append("\r\n")
        .append("To: <").append(requestUri).append('>').append(toTag == null ? "" : ";tag=" + toTag).append("\r\n")
        .append("Call-ID: ").append(token).append("@127.0.0.1\r\n")
        .append("CSeq: 1 ").append(method).append("\r\n")
        .append("Contact: <sip:tester@127.0.0.1:").append(localPort()).append(";transport=")
        .append(transport().toLowerCase()).append(">\r\n");
    for (String h : extraHeaders) b.append(h).append("\r\n");
    return b.append("Content-Length: 0\r\n\r\n").toString();
  }

  public void send(String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (udp != null) {
      udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), serverPort));
    } else {
      tcp.getOutputStream().write(bytes);
      tcp.getOutputStream().flush();
    }
  }

  /** The next response; fails the test after 5 s of silence. */
  public SipResponse receive() throws IOException {
    byte[] message = udp != null ? receiveDatagram() : receiveFramed();
    DecodeResult r = parser.parseDatagram(message);
    if (r instanceof DecodeResult.Message m && m.message() instanceof SipResponse resp) return resp;
    throw new AssertionError("expected a SIP response, got " + r + ":\n" + new String(message, StandardCharsets.UTF_8));
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

  /** Sends {@code request} and returns its final response. */
  public SipResponse exchange(String request) throws IOException {
    send(request);
    List<SipResponse> responses = receiveUntilFinal();
    return responses.get(responses.size() - 1);
  }

  /** The ACK for a non-2xx final response to {@code invite} (RFC 3261 §17.1.1.3): same branch, the response's To. */
  public String ackFor(String invite, SipResponse response) {
    String via = line(invite, "Via:");
    String from = line(invite, "From:");
    String callId = line(invite, "Call-ID:");
    String uri = invite.substring(invite.indexOf(' ') + 1, invite.indexOf(" SIP/2.0"));
    return "ACK " + uri + " SIP/2.0\r\n" + via + "\r\nMax-Forwards: 70\r\n" + from + "\r\nTo: " + response.header("To")
        + "\r\n" + callId + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
  }

  private static String line(String message, String prefix) {
    return message.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  private byte[] receiveDatagram() throws IOException {
    byte[] buf = new byte[65535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      udp.receive(p);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no SIP response over UDP within " + TIMEOUT_MS + " ms");
    }
    return java.util.Arrays.copyOf(buf, p.getLength());
  }

  /** Reads one message off the stream: the head up to the blank line, then Content-Length bytes. */
  private byte[] receiveFramed() throws IOException {
    InputStream in = tcp.getInputStream();
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
            return java.util.Arrays.copyOf(have, total);
          }
        }
        byte[] chunk = new byte[4096];
        int n = in.read(chunk);
        if (n < 0) throw new AssertionError("connection closed before a complete SIP response");
        tcpBuffer.write(chunk, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no SIP response over TCP within " + TIMEOUT_MS + " ms");
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
}
