package io.psip.gateway;

/**
 * What this node has bound and whether each part is ready: written by the verticles (each on its own event loop),
 * read by {@code /health} and by {@link Gateway}. Database and webhook readiness join here in later milestones.
 */
public final class NodeStatus {
  /** The SIP listeners' bound ports. */
  public record SipListeners(int udpPort, int tcpPort) {}

  private final boolean sipEnabled;
  private volatile SipListeners sip;
  private volatile int httpPort = -1;

  public NodeStatus(boolean sipEnabled) { this.sipEnabled = sipEnabled; }

  /** False when {@code node.roles} leaves SIP out: then SIP does not count towards readiness. */
  public boolean sipEnabled() { return sipEnabled; }

  /** The bound SIP listeners, or {@code null} while they are not (yet, or any more) bound. */
  public SipListeners sip() { return sip; }

  public void sipBound(int udpPort, int tcpPort) { sip = new SipListeners(udpPort, tcpPort); }

  public void sipUnbound() { sip = null; }

  public int httpPort() { return httpPort; }

  public void httpBound(int port) { httpPort = port; }

  public void httpUnbound() { httpPort = -1; }

  /** Ready to take traffic: every enabled part is up. */
  public boolean ready() { return !sipEnabled || sip != null; }
}
