package io.psip.sip.transport.impl;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The kernel's count of unread bytes on a port, read from /proc/net/udp{,6}. */
class UdpReceiveQueueTest {

  @Test
  void countsWhatWaitsUnreadOnThePortAndNothingOnceRead() throws Exception {
    Assumptions.assumeTrue(UdpReceiveQueue.available(), "Linux /proc/net/udp");
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(lo, 0));
         DatagramSocket sender = new DatagramSocket(new InetSocketAddress(lo, 0))) {
      receiver.setReceiveBufferSize(1 << 20);
      int port = receiver.getLocalPort();
      assertThat(UdpReceiveQueue.bytesWaiting(port)).isZero();
      byte[] payload = new byte[1_000];
      for (int i = 0; i < 10; i++) sender.send(new DatagramPacket(payload, payload.length, lo, port));
      // the kernel charges each datagram's buffer, more than its payload
      long waiting = awaitAtLeast(port, 10_000);
      assertThat(waiting).isGreaterThanOrEqualTo(10_000).isLessThan(200_000);
      assertThat(UdpReceiveQueue.bytesWaiting(sender.getLocalPort())).as("another port's queue").isZero();

      receiver.setSoTimeout(1_000);
      for (int i = 0; i < 10; i++) receiver.receive(new DatagramPacket(new byte[2_000], 2_000));
      assertThat(UdpReceiveQueue.bytesWaiting(port)).isZero();
    }
  }

  @Test
  void readsARowOfTheTable() {
    String row = "  6871: 0100007F:A3CB 00000000:0000 07 00000000:00232800 00:00000000 00000000     0        0 6950040 2 "
        + "00000000a6e838f6 0";
    assertThat(UdpReceiveQueue.waitingIfBoundTo(row, 0xA3CB)).isEqualTo(0x232800);
    assertThat(UdpReceiveQueue.waitingIfBoundTo(row, 5060)).isZero();
    String v6 = "  100: 00000000000000000000000001000000:13C4 00000000000000000000000000000000:0000 07 "
        + "00000000:00000900 00:00000000 00000000     0        0 1234 2 0000000000000000 0";
    assertThat(UdpReceiveQueue.waitingIfBoundTo(v6, 5060)).isEqualTo(0x900);
    assertThat(UdpReceiveQueue.waitingIfBoundTo("short row", 5060)).isZero();
  }

  private static long awaitAtLeast(int port, long bytes) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 2_000;
    long waiting;
    while ((waiting = UdpReceiveQueue.bytesWaiting(port)) < bytes && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    return waiting;
  }
}
