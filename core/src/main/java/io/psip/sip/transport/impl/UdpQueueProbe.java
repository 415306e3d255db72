package io.psip.sip.transport.impl;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Measures how long a datagram waits in the SIP UDP socket's queue before the stack reads it: a small datagram,
 * stamped with the time it was sent, goes from a socket of its own on the same host to the SIP port, and the
 * transport hands it back here when it reads it. That wait is what every INVITE arriving at the same moment waits —
 * in the kernel's receive buffer and behind the event loop's other work — which a large buffer hides from the loop's
 * own timing. While a probe is out, its age so far is the measure, so a stalled loop shows at once.
 */
public final class UdpQueueProbe implements AutoCloseable {
  /** A probe's payload: 8 bytes of {@link System#nanoTime()}, which no SIP message can be. */
  static final int PAYLOAD_BYTES = 8;
  /** A probe out this long is followed by another (the first may have been dropped by a full buffer). */
  static final long RESEND_MS = 1_000;

  private final DatagramSocket socket;
  private final InetSocketAddress target;
  private final int localPort;
  private volatile long firstUnanswered; // when the oldest probe not yet read was sent; 0: none out
  private volatile long lastSent;
  private volatile long lastWaitNanos = -1;

  /** @param sipAddress the address the SIP socket is bound to (a wildcard is reached over loopback) */
  UdpQueueProbe(InetSocketAddress sipAddress) throws IOException {
    InetAddress host = sipAddress.getAddress();
    if (host == null || host.isAnyLocalAddress()) {
      // the wildcard's own family: an IPv6-only socket would never read a probe sent to 127.0.0.1
      host = host instanceof java.net.Inet6Address ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
    }
    this.target = new InetSocketAddress(host, sipAddress.getPort());
    this.socket = new DatagramSocket(new InetSocketAddress(host, 0));
    this.localPort = socket.getLocalPort();
  }

  /** The port probes are sent from: a datagram from it (and this host) is a probe, not SIP. */
  int localPort() { return localPort; }

  /** True when a datagram of {@code length} bytes from {@code sourcePort} may be a probe (one int compare for SIP). */
  boolean mayBeProbe(int sourcePort, int length) {
    return sourcePort == localPort && length == PAYLOAD_BYTES;
  }

  /**
   * Called by the transport, on its loop, for a datagram {@link #mayBeProbe} accepted. Only a stamp this probe sent
   * and has not seen back counts (from this host), so a datagram aimed at the port from elsewhere measures nothing.
   */
  void echoed(String sourceHost, byte[] data) {
    long sent = ByteBuffer.wrap(data).getLong();
    long first = firstUnanswered;
    if (first == 0 || sent - first < 0 || sent - lastSent > 0 || !fromThisHost(sourceHost)) return;
    lastWaitNanos = System.nanoTime() - sent;
    firstUnanswered = 0;
  }

  private boolean fromThisHost(String sourceHost) {
    try {
      InetAddress source = InetAddress.getByName(sourceHost); // a literal: parsed, never resolved
      return source.isLoopbackAddress() || source.equals(target.getAddress());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends a probe when none is out, and returns the wait in milliseconds: the last probe's, or how long the oldest
   * unanswered one has been out if that is longer; -1 until a first probe has come back, so a probe that can never
   * arrive (a firewall, a socket of the other family) leaves the measure unknown rather than forever late. A probe
   * out for {@value #RESEND_MS} ms is followed by another, so one lost in a full buffer does not hold the measure
   * up for good. From one thread at a time (the overload guard's); a send to this host does not block.
   */
  public long waitMs() {
    long now = System.nanoTime();
    long first = firstUnanswered;
    long wait = lastWaitNanos;
    if (first == 0) {
      firstUnanswered = now;
      send(now);
    } else {
      if (wait >= 0) wait = Math.max(wait, now - first);
      if (now - lastSent >= RESEND_MS * 1_000_000) send(now);
    }
    return wait < 0 ? -1 : wait / 1_000_000;
  }

  private void send(long now) {
    lastSent = now;
    byte[] stamp = ByteBuffer.allocate(PAYLOAD_BYTES).putLong(now).array();
    try {
      socket.send(new DatagramPacket(stamp, stamp.length, target));
    } catch (IOException e) {
      // nothing sent: the resend covers it
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
