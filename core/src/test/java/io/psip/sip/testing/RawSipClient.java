package io.psip.sip.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A SIP peer that is nothing but a socket: it sends the bytes a test gives it and records what comes back. Over UDP
 * it has its own socket on 127.0.0.1 and records every datagram with the address it came from; over TCP it records
 * the whole byte stream, frames responses out of it (by Content-Length) and notices when the stack closes the
 * connection. Uses plain blocking {@code java.net} sockets and its own reader thread, independent of Vert.x and of
 * psip's codec.
 */
public final class RawSipClient implements AutoCloseable {
  /** A message that arrived, where it came from, and when. */
  public record Received(RawMessage message, InetSocketAddress source, long atNanos) {}

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final DatagramSocket udp;
  private final Socket tcp;
  private final Object lock = new Object();
  private final List<Received> received = new ArrayList<>();
  private final ByteArrayOutputStream stream = new ByteArrayOutputStream();
  private int framed; // bytes of the TCP stream already framed into messages
  private boolean closedByPeer;
  private volatile int targetPort = -1;
  private final Thread reader;

  private RawSipClient(DatagramSocket udp, Socket tcp) {
    this.udp = udp;
    this.tcp = tcp;
    this.reader = new Thread(udp != null ? this::readUdp : this::readTcp, "raw-sip-client-" + localPort());
    reader.setDaemon(true);
    reader.start();
  }

  /** A UDP client on an ephemeral loopback port. */
  public static RawSipClient udp() {
    try {
      return new RawSipClient(new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)), null);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A UDP client on a given loopback port (for example the port a Via names). */
  public static RawSipClient udp(int port) {
    try {
      return new RawSipClient(new DatagramSocket(new InetSocketAddress(LOOPBACK, port)), null);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TCP connection to 127.0.0.1:port. */
  public static RawSipClient tcp(int port) {
    try {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(LOOPBACK, port), 2000);
      return new RawSipClient(null, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Wraps a TCP connection accepted by a test's own server socket (the stack connected to the test). */
  public static RawSipClient accepted(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    return new RawSipClient(null, socket);
  }

  /** Accepts one connection on {@code server} within the timeout. */
  public static RawSipClient accept(java.net.ServerSocket server, Duration timeout) {
    try {
      server.setSoTimeout((int) timeout.toMillis());
      return accepted(server.accept());
    } catch (IOException e) {
      throw new AssertionError("no TCP connection on port " + server.getLocalPort() + " within " + timeout, e);
    }
  }

  /** A TCP server socket on an ephemeral loopback port, for a peer the stack connects to. */
  public static java.net.ServerSocket tcpServer() {
    try {
      return new java.net.ServerSocket(0, 50, LOOPBACK);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where {@link #send(byte[])} sends UDP datagrams. */
  public RawSipClient target(int port) {
    this.targetPort = port;
    return this;
  }

  public int localPort() { return udp != null ? udp.getLocalPort() : tcp.getLocalPort(); }

  public boolean isTcp() { return tcp != null; }

  /** "UDP" or "TCP", as a Via names it. */
  public String transport() { return tcp != null ? "TCP" : "UDP"; }

  public void send(RawRequest request) { send(request.bytes()); }

  public void send(String text) { send(text.getBytes(StandardCharsets.UTF_8)); }

  /** Sends on the TCP connection, or as one datagram to the {@linkplain #target target} port. */
  public void send(byte[] bytes) {
    if (tcp != null) {
      try {
        tcp.getOutputStream().write(bytes);
        tcp.getOutputStream().flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      if (targetPort < 0) throw new IllegalStateException("no target port");
      sendTo(bytes, targetPort);
    }
  }

  /** Answers a request this peer received: on the connection (TCP), or to the request's source (UDP). */
  public void reply(Received request, byte[] response) {
    if (tcp != null) send(response);
    else sendTo(response, request.source().getPort());
  }

  /** Sends one datagram to 127.0.0.1:port. */
  public void sendTo(byte[] bytes, int port) {
    try {
      udp.send(new DatagramPacket(bytes, bytes.length, LOOPBACK, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readUdp() {
    byte[] buf = new byte[65536];
    while (!udp.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(p);
      } catch (IOException e) {
        return;
      }
      byte[] data = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
      RawMessage m = RawMessage.parse(data);
      synchronized (lock) {
        received.add(new Received(m, (InetSocketAddress) p.getSocketAddress(), System.nanoTime()));
        lock.notifyAll();
      }
    }
  }

  private void readTcp() {
    byte[] buf = new byte[16384];
    InetSocketAddress peer = (InetSocketAddress) tcp.getRemoteSocketAddress();
    try {
      InputStream in = tcp.getInputStream();
      while (true) {
        int n = in.read(buf);
        if (n < 0) break;
        synchronized (lock) {
          stream.write(buf, 0, n);
          byte[] all = stream.toByteArray();
          while (true) {
            byte[] rest = Arrays.copyOfRange(all, framed, all.length);
            int[] used = new int[1];
            RawMessage m = RawMessage.frame(rest, rest.length, used);
            if (m == null) break;
            framed += used[0];
            received.add(new Received(m, peer, System.nanoTime()));
          }
          lock.notifyAll();
        }
      }
    } catch (IOException e) {
      // reset or closed locally: treated like a close
    }
    synchronized (lock) {
      closedByPeer = true;
      lock.notifyAll();
    }
  }

  /** Everything received so far, in order. */
  public List<Received> received() {
    synchronized (lock) {
      return List.copyOf(received);
    }
  }

  /** How many messages have arrived so far: a mark for the {@code since} variants. */
  public int mark() {
    synchronized (lock) {
      return received.size();
    }
  }

  /** The messages matching {@code p} among those received from index {@code from} on. */
  public List<RawMessage> matching(int from, Predicate<RawMessage> p) {
    List<RawMessage> out = new ArrayList<>();
    synchronized (lock) {
      for (int i = from; i < received.size(); i++) if (p.test(received.get(i).message())) out.add(received.get(i).message());
    }
    return out;
  }

  public int count(Predicate<RawMessage> p) { return matching(0, p).size(); }

  /** Waits for the first message (from index {@code from} on) that matches; fails after the timeout. */
  public Received await(int from, Predicate<RawMessage> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        for (int i = from; i < received.size(); i++) if (p.test(received.get(i).message())) return received.get(i);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no matching message within " + timeout + "; received: " + summary());
        }
        waitNanos(left);
      }
    }
  }

  public RawMessage await(Predicate<RawMessage> p, Duration timeout) { return await(0, p, timeout).message(); }

  /** The first response with this status to this CSeq method. */
  public RawMessage awaitResponse(int status, String method, Duration timeout) {
    return await(0, isResponse(status, method), timeout).message();
  }

  /** The first final (>= 200) response to this CSeq method. */
  public RawMessage awaitFinal(String method, Duration timeout) {
    return await(0, m -> m.isResponse() && m.status() >= 200 && method.equals(m.cseqMethod()), timeout).message();
  }

  /** The first final (>= 200) response in this call (Call-ID) to this CSeq number, whatever its CSeq method. */
  public RawMessage awaitFinal(RawRequest request, Duration timeout) {
    return await(0, m -> m.isResponse() && m.status() >= 200 && request.callId().equals(m.callId())
        && m.cseqNumber() == request.cseq(), timeout).message();
  }

  /** Waits until at least {@code n} messages match. */
  public List<RawMessage> awaitCount(Predicate<RawMessage> p, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<RawMessage> m = matching(0, p);
        if (m.size() >= n) return m;
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("only " + m.size() + " of " + n + " within " + timeout + "; received: " + summary());
        waitNanos(left);
      }
    }
  }

  /** Waits {@code quiet} and returns what arrived from index {@code from} on matching {@code p}. */
  public List<RawMessage> within(int from, Predicate<RawMessage> p, Duration quiet) {
    sleep(quiet);
    return matching(from, p);
  }

  /** True once the peer closed the TCP connection (or reset it), waiting up to the timeout. */
  public boolean awaitClosed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!closedByPeer) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        waitNanos(left);
      }
      return true;
    }
  }

  public boolean isClosedByPeer() {
    synchronized (lock) {
      return closedByPeer;
    }
  }

  /** The whole TCP byte stream received so far. */
  public byte[] streamBytes() {
    synchronized (lock) {
      return stream.toByteArray();
    }
  }

  public String summary() {
    StringBuilder sb = new StringBuilder("[");
    synchronized (lock) {
      for (Received r : received) sb.append(r.message().startLine()).append(" (").append(r.message().cseqMethod()).append("), ");
    }
    return sb.append("]").toString();
  }

  public static Predicate<RawMessage> isResponse(int status, String method) {
    return m -> m.isResponse() && m.status() == status && method.equals(m.cseqMethod());
  }

  public static Predicate<RawMessage> anyResponse() { return RawMessage::isResponse; }

  private void waitNanos(long nanos) {
    try {
      lock.wait(Math.max(1, nanos / 1_000_000), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Half-closes nothing: closes the socket at once. */
  @Override
  public void close() {
    try {
      if (udp != null) udp.close();
      if (tcp != null) tcp.close();
    } catch (IOException e) {
      // closing
    }
    try {
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
