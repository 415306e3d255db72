package io.psip.gateway.testing;

import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipRequest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SIP endpoint a test's {@code connect} NCCO points at: a UDP user agent server on 127.0.0.1 that answers every
 * INVITE {@code 486 Busy Here} (and any other request but ACK {@code 200}), and records what it got. So a valid NCCO
 * ends the call the same quick way whether or not the node executes NCCOs yet.
 */
public final class BusyUas implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread loop;
  private final SipMessageParser parser = new SipMessageParser();
  private final List<SipRequest> invites = new CopyOnWriteArrayList<>();

  private BusyUas() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    loop = new Thread(this::run, "busy-uas-" + socket.getLocalPort());
    loop.setDaemon(true);
    loop.start();
  }

  public static BusyUas start() {
    try {
      return new BusyUas();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() { return socket.getLocalPort(); }

  /** {@code sip:bob@127.0.0.1:<port>} */
  public String uri() { return "sip:bob@127.0.0.1:" + port(); }

  /** The INVITEs received, retransmissions included. */
  public List<SipRequest> invites() { return invites; }

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
      if (!(r instanceof DecodeResult.Message m) || !(m.message() instanceof SipRequest req)) continue;
      if (req.isMethod("ACK")) continue;
      if (req.isMethod("INVITE")) invites.add(req);
      String response = response(req, req.isMethod("INVITE") ? "486 Busy Here" : "200 OK");
      byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
      try {
        socket.send(new DatagramPacket(bytes, bytes.length, p.getSocketAddress()));
      } catch (IOException ignored) {
        // the node retransmits
      }
    }
  }

  private static String response(SipRequest req, String statusLine) {
    StringBuilder b = new StringBuilder("SIP/2.0 ").append(statusLine).append("\r\n");
    for (SipHeader h : req.headers()) {
      String n = h.name();
      if (n.equalsIgnoreCase("Via") || n.equalsIgnoreCase("v") || n.equalsIgnoreCase("From") || n.equalsIgnoreCase("f")
          || n.equalsIgnoreCase("Call-ID") || n.equalsIgnoreCase("i") || n.equalsIgnoreCase("CSeq")) {
        b.append(n).append(": ").append(h.value()).append("\r\n");
      } else if (n.equalsIgnoreCase("To") || n.equalsIgnoreCase("t")) {
        b.append(n).append(": ").append(h.value()).append(h.value().contains(";tag=") ? "" : ";tag=busy1").append("\r\n");
      }
    }
    return b.append("Content-Length: 0\r\n\r\n").toString();
  }

  @Override
  public void close() { socket.close(); }
}
