package io.psip.sip.stack.impl;

import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.MessageBuilder;
import io.psip.sip.message.Via;
import io.psip.sip.transport.TransportAddress;

import java.util.List;

/** Where a response goes, and the received/rport it reports (RFC 3261 §18.2.1, §18.2.2; RFC 3581 §4). */
final class ViaStamp {
  private ViaStamp() {}

  /**
   * The top Via as the server saw it: {@code received} when the packet's source differs from sent-by, and both
   * {@code rport} and {@code received} when the client asked for rport.
   */
  static Via stamp(Via top, TransportAddress source) {
    Via v = top;
    if (top.hasRport() && top.rport() < 0) {
      v = v.withParam("rport", Integer.toString(source.port())).withParam("received", source.host());
    } else if (!stripBrackets(top.host()).equalsIgnoreCase(source.host()) && !source.host().equals(top.received())) {
      // idempotent: a response already stamped (a retransmission) is sent as it is, not rebuilt
      v = v.withParam("received", source.host());
    }
    return v;
  }

  /** Replaces the Via headers of {@code b} with {@code vias}, the top one stamped, one header per value. */
  static void restamp(MessageBuilder<?> b, List<Via> vias, TransportAddress source) {
    b.remove(HeaderNames.VIA);
    for (int i = vias.size() - 1; i >= 0; i--) {
      b.addFirst(HeaderNames.VIA, i == 0 ? stamp(vias.get(0), source) : vias.get(i));
    }
  }

  /** UDP: the source address, at the source port with rport, else the sent-by port or 5060 (RFC 3261 §18.2.2). */
  static int udpPort(Via top, TransportAddress source) {
    if (top == null || top.hasRport()) return source.port();
    return top.port() >= 0 ? top.port() : 5060;
  }

  private static String stripBrackets(String h) {
    return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
  }
}
