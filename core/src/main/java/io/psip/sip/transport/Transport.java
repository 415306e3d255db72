package io.psip.sip.transport;

import java.util.Locale;

/** The transports psip speaks. TLS and WebSocket come later. */
public enum Transport {
  UDP(false), TCP(true);

  private final boolean reliable;

  Transport(boolean reliable) { this.reliable = reliable; }

  /** Reliable transports need no retransmissions (RFC 3261 §17.1.1.2, §17.2.1). */
  public boolean reliable() { return reliable; }

  /** The transport named in a Via or a {@code transport=} URI parameter, or {@code null} when not spoken here. */
  public static Transport fromName(String name) {
    if (name == null) return null;
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "UDP" -> UDP;
      case "TCP" -> TCP;
      default -> null;
    };
  }
}
