package io.psip.sip.stack;

import io.psip.sip.codec.SipCodecOptions;
import io.psip.sip.transaction.TimerSettings;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/** Everything the SIP stack can be told. Every limit has a {@code DEFAULT_*} constant and a documented meaning. */
public class SipStackOptions {
  public static final String DEFAULT_HOST = "0.0.0.0";
  /** RFC 3261 §19.1.2 default port. 0 binds an ephemeral port (UDP first, then TCP on the same number). */
  public static final int DEFAULT_PORT = 5060;
  /** UDP socket receive buffer; the kernel caps it at net.core.rmem_max. Large buffers absorb bursts. */
  public static final int DEFAULT_UDP_RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;
  public static final int DEFAULT_UDP_SEND_BUFFER_BYTES = 4 * 1024 * 1024;
  /** A TCP connection that carries nothing for this long is closed; also ends half-received messages (RFC 4475 §3.1.2.2). */
  public static final int DEFAULT_TCP_IDLE_TIMEOUT_SECONDS = 120;
  /** Inbound plus outbound TCP connections; further inbound connections are refused at once. */
  public static final int DEFAULT_MAX_TCP_CONNECTIONS = 10_000;
  public static final String DEFAULT_AGENT = "psip";

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private String advertisedHost;
  private boolean udpEnabled = true;
  private boolean tcpEnabled = true;
  private int udpReceiveBufferBytes = DEFAULT_UDP_RECEIVE_BUFFER_BYTES;
  private int udpSendBufferBytes = DEFAULT_UDP_SEND_BUFFER_BYTES;
  private int tcpIdleTimeoutSeconds = DEFAULT_TCP_IDLE_TIMEOUT_SECONDS;
  private int maxTcpConnections = DEFAULT_MAX_TCP_CONNECTIONS;
  private TimerSettings timers = TimerSettings.DEFAULT;
  private SipCodecOptions codec = new SipCodecOptions();
  private String agent = DEFAULT_AGENT;
  private List<String> supportedOptions = List.of();
  private Predicate<String> servedHost = h -> true;

  public String getHost() { return host; }

  public SipStackOptions setHost(String host) { this.host = Objects.requireNonNull(host); return this; }

  public int getPort() { return port; }

  public SipStackOptions setPort(int port) {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    this.port = port;
    return this;
  }

  /** The host put in Via and Contact; defaults to the bind host, or 127.0.0.1 when binding the wildcard. */
  public String getAdvertisedHost() {
    if (advertisedHost != null) return advertisedHost;
    return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
  }

  public SipStackOptions setAdvertisedHost(String advertisedHost) { this.advertisedHost = advertisedHost; return this; }

  public boolean isUdpEnabled() { return udpEnabled; }

  public SipStackOptions setUdpEnabled(boolean v) { udpEnabled = v; return this; }

  public boolean isTcpEnabled() { return tcpEnabled; }

  public SipStackOptions setTcpEnabled(boolean v) { tcpEnabled = v; return this; }

  public int getUdpReceiveBufferBytes() { return udpReceiveBufferBytes; }

  public SipStackOptions setUdpReceiveBufferBytes(int v) { udpReceiveBufferBytes = positive(v, "udpReceiveBufferBytes"); return this; }

  public int getUdpSendBufferBytes() { return udpSendBufferBytes; }

  public SipStackOptions setUdpSendBufferBytes(int v) { udpSendBufferBytes = positive(v, "udpSendBufferBytes"); return this; }

  public int getTcpIdleTimeoutSeconds() { return tcpIdleTimeoutSeconds; }

  public SipStackOptions setTcpIdleTimeoutSeconds(int v) { tcpIdleTimeoutSeconds = positive(v, "tcpIdleTimeoutSeconds"); return this; }

  public int getMaxTcpConnections() { return maxTcpConnections; }

  public SipStackOptions setMaxTcpConnections(int v) { maxTcpConnections = positive(v, "maxTcpConnections"); return this; }

  public TimerSettings getTimers() { return timers; }

  public SipStackOptions setTimers(TimerSettings timers) { this.timers = Objects.requireNonNull(timers); return this; }

  public SipCodecOptions getCodec() { return codec; }

  public SipStackOptions setCodec(SipCodecOptions codec) { this.codec = Objects.requireNonNull(codec); return this; }

  /**
   * The warn-agent of {@code Warning: 399} headers (RFC 3261 §20.43: a hostport): the advertised host, bracketed
   * when IPv6, so an operator reading a trace sees which node refused.
   */
  public String getWarningAgent() {
    String h = getAdvertisedHost();
    return h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
  }

  /** The Server and User-Agent header value (RFC 3261 §20.35, §20.41): a product token such as psip/0.1.0. */
  public String getAgent() { return agent; }

  public SipStackOptions setAgent(String agent) { this.agent = Objects.requireNonNull(agent); return this; }

  /** Option tags this node supports (RFC 3261 §19.2); a Require naming any other is answered 420. */
  public List<String> getSupportedOptions() { return supportedOptions; }

  public SipStackOptions setSupportedOptions(List<String> tags) { this.supportedOptions = List.copyOf(tags); return this; }

  /**
   * Which Request-URI hosts this node serves (lower-case, IPv6 without brackets): OPTIONS to them is answered by
   * the stack itself (RFC 3261 §11.2). Requests to other hosts still reach the request handler, which decides.
   */
  public Predicate<String> getServedHost() { return servedHost; }

  public SipStackOptions setServedHost(Predicate<String> servedHost) { this.servedHost = Objects.requireNonNull(servedHost); return this; }

  public boolean serves(String host) { return servedHost.test(host.toLowerCase(Locale.ROOT)); }

  private static int positive(int v, String name) {
    if (v <= 0) throw new IllegalArgumentException(name + " must be positive");
    return v;
  }
}
