package io.psip.gateway;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * This machine's interface addresses. Enumerating interfaces is a blocking system call: never call this on an
 * event loop.
 */
public final class LocalAddresses {
  private LocalAddresses() {}

  /** Every address of every interface that is up, loopback included; empty if the OS refuses to tell. */
  public static List<InetAddress> enumerate() {
    List<InetAddress> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nif.isUp()) addresses.addAll(Collections.list(nif.getInetAddresses()));
      }
    } catch (SocketException e) {
      // a sandbox without interface listing: fall back to the names and the bind host
    }
    return List.copyOf(addresses);
  }

  /**
   * The address to put in Via and Contact when bound to the wildcard and none is configured: the first IPv4 address
   * that is neither loopback nor link-local (what a peer on the LAN can reach), else 127.0.0.1.
   */
  public static String preferredAdvertised(List<InetAddress> addresses) {
    return addresses.stream()
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .map(InetAddress::getHostAddress)
        .findFirst()
        .orElse("127.0.0.1");
  }
}
