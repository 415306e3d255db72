package io.psip.gateway;

/** {@code host:port} as logs and messages write it, with brackets around IPv6 literals. */
public final class HostPort {
  private HostPort() {}

  public static String of(String host, int port) {
    boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
    return (ipv6 ? "[" + host + "]" : host) + ':' + port;
  }
}
