package io.psip.sip.transport;

/** A transport and a socket address: where a message came from or goes to. */
public record TransportAddress(Transport transport, String host, int port) {
  public TransportAddress {
    if (transport == null || host == null) throw new IllegalArgumentException("transport and host are required");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
  }

  /** {@code ip:port}, with brackets for IPv6, as used in logs and the {@code sip_source} webhook field. */
  public String hostPort() {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ':' + port;
  }

  @Override
  public String toString() { return transport + ":" + hostPort(); }
}
