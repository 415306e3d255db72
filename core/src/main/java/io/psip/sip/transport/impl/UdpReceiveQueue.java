package io.psip.sip.transport.impl;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many bytes wait unread in the receive buffers of the UDP sockets bound to one local port, as the kernel counts
 * them: the {@code rx_queue} column of {@code /proc/net/udp} and {@code /proc/net/udp6} (Linux). The kernel charges
 * each datagram with its buffer's true size (2,304 bytes for a 1,000-byte datagram on loopback), the same measure it
 * holds against {@code SO_RCVBUF} before it drops, so the figure divided by the buffer size is how full it is.
 * Reads files: call it off the event loop.
 */
public final class UdpReceiveQueue {
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

  private UdpReceiveQueue() {}

  /** True where the kernel publishes the tables (Linux). */
  public static boolean available() {
    return Files.isReadable(TABLES.get(0));
  }

  /** Bytes waiting on sockets bound to {@code port}, or -1 when the tables cannot be read. */
  public static long bytesWaiting(int port) {
    long total = 0;
    boolean read = false;
    for (Path table : TABLES) {
      // line by line: /proc files report a size of 0, which whole-file reads may trust
      try (BufferedReader in = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
        in.readLine(); // heading
        for (String line; (line = in.readLine()) != null; ) total += waitingIfBoundTo(line, port);
        read = true;
      } catch (IOException | RuntimeException unreadable) {
        // udp6 is absent without IPv6; the other table still counts
      }
    }
    return read ? total : -1;
  }

  /**
   * One row: {@code sl local_address rem_address st tx_queue:rx_queue ...}, addresses as {@code HEXIP:HEXPORT},
   * queues in hex.
   */
  static long waitingIfBoundTo(String line, int port) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 5) return 0;
    String local = f[1];
    int colon = local.lastIndexOf(':');
    if (colon < 0 || Integer.parseInt(local.substring(colon + 1), 16) != port) return 0;
    String queues = f[4];
    return Long.parseLong(queues.substring(queues.indexOf(':') + 1), 16);
  }
}
