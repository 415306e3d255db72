package io.psip.gateway.b2bua;

import io.psip.gateway.testing.Waits;
import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.MessageBuilder;
import io.psip.sip.message.SipMessage;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SIP user agent that does only what the test tells it, byte for byte, over one UDP socket on 127.0.0.1: no
 * transaction layer, so no automatic retransmission, ACK or answer. For far ends that misbehave (never answer, answer
 * twice, hang up before the ACK) and for callers whose every received message must be counted.
 */
final class RawUa implements AutoCloseable {
  /** A message received and where it came from. */
  record Received(SipMessage message, SocketAddress source) {}

  private final DatagramSocket socket;
  private final SipMessageParser parser = new SipMessageParser();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  final String name;
  final String tag = MessageBuilder.randomToken();

  private RawUa(String name) throws IOException {
    this.name = name;
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    Thread loop = new Thread(this::run, "raw-ua-" + name);
    loop.setDaemon(true);
    loop.start();
  }

  static RawUa start(String name) {
    try {
      return new RawUa(name);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  int port() { return socket.getLocalPort(); }

  String uri(String user) { return "sip:" + user + "@127.0.0.1:" + port(); }

  String sdp() {
    return "v=0\r\no=" + name + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9000 RTP/AVP 0\r\n";
  }

  // ---------------------------------------------------------------- sending

  void send(String text, int toPort) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName("127.0.0.1"), toPort));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void send(SipMessage m, int toPort) { send(new String(m.encode(), StandardCharsets.UTF_8), toPort); }

  /** A response to {@code request} with our To tag, our Contact on 1xx/2xx and {@code sdp} when not null. */
  SipResponse response(SipRequest request, int status, String sdp) {
    MessageBuilder.ResponseBuilder b = SipResponse.to(request, status);
    if (status > 100 && request.to().tag() == null) b.toTag(tag);
    if (status > 100 && status < 300) b.add("Contact", "<" + uri(name) + ">");
    if (sdp != null) b.body(sdp.getBytes(StandardCharsets.US_ASCII), "application/sdp");
    return b.build();
  }

  /** Sends a response to {@code request} back to psip (whose Via names its port). */
  SipResponse respond(SipRequest request, int status, String sdp) {
    SipResponse r = response(request, status, sdp);
    send(r, request.topVia().port());
    return r;
  }

  /**
   * A request as text. {@code toTag} null leaves the To without a tag; {@code body} null sends none.
   *
   * @param requestUri where it goes; also the To URI
   */
  String request(String method, String requestUri, String callId, String toTag, long cseq, String body,
                 String... extra) {
    StringBuilder b = new StringBuilder(method).append(' ').append(requestUri).append(" SIP/2.0\r\n")
        .append("Via: SIP/2.0/UDP 127.0.0.1:").append(port()).append(";branch=").append(MessageBuilder.newBranch())
        .append(";rport\r\n")
        .append("Max-Forwards: 70\r\n")
        .append("From: <sip:").append(name).append("@127.0.0.1>;tag=").append(tag).append("\r\n")
        .append("To: <").append(requestUri).append('>').append(toTag == null ? "" : ";tag=" + toTag).append("\r\n")
        .append("Call-ID: ").append(callId).append("\r\n")
        .append("CSeq: ").append(cseq).append(' ').append(method.equals("ACK") ? "ACK" : method).append("\r\n");
    if (!method.equals("BYE") && !method.equals("ACK")) b.append("Contact: <").append(uri(name)).append(">\r\n");
    for (String line : extra) b.append(line).append("\r\n");
    if (body != null) {
      byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
      b.append("Content-Type: application/sdp\r\nContent-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
    } else {
      b.append("Content-Length: 0\r\n\r\n");
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- what it got

  List<SipRequest> requests(String method) {
    return received.stream().map(Received::message).filter(m -> m instanceof SipRequest r && r.isMethod(method))
        .map(m -> (SipRequest) m).toList();
  }

  /** Responses with {@code status} to {@code method} requests, retransmissions included, in arrival order. */
  List<SipResponse> responses(int status, String method) {
    return received.stream().map(Received::message)
        .filter(m -> m instanceof SipResponse r && r.status() == status && r.cseq().method().equals(method))
        .map(m -> (SipResponse) m).toList();
  }

  SipRequest awaitRequest(String method, int n, Duration timeout) {
    Waits.until(() -> requests(method).size() >= n, timeout, () -> name + " got " + requests(method).size() + ' '
        + method + " (expected " + n + "); all: " + summary());
    return requests(method).get(n - 1);
  }

  SipResponse awaitResponse(int status, String method, Duration timeout) {
    Waits.until(() -> !responses(status, method).isEmpty(), timeout,
        () -> name + " got no " + status + " to " + method + "; all: " + summary());
    return responses(status, method).get(0);
  }

  List<String> summary() { return received.stream().map(r -> r.message().startLine()).toList(); }

  private void run() {
    byte[] buf = new byte[65535];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        continue;
      }
      DecodeResult r = parser.parseDatagram(Arrays.copyOf(buf, p.getLength()));
      if (r instanceof DecodeResult.Message m) received.add(new Received(m.message(), p.getSocketAddress()));
    }
  }

  @Override
  public void close() { socket.close(); }
}
