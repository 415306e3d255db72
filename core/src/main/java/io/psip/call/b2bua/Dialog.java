package io.psip.call.b2bua;

import io.psip.sip.message.Address;
import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.MessageBuilder;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.message.SipUri;
import io.psip.sip.message.Uri;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One side of a bridged call as RFC 3261 §12 defines a dialog: Call-ID, tags, the remote target and route set,
 * and our CSeq. It builds the requests psip sends inside the dialog and says where they go.
 */
final class Dialog {
  static final int DEFAULT_PORT = 5060;

  final String callId;
  final String localTag;
  String remoteTag;
  private final Address local;   // our From in requests we send (with our tag)
  private Address remote;        // their To in requests we send
  Uri remoteTarget;
  private List<Address> routeSet;
  private long localCseq;
  private TransportAddress destination;
  private final Address contact;

  private Dialog(String callId, String localTag, String remoteTag, Address local, Address remote, Uri remoteTarget,
                 List<Address> routeSet, long localCseq, TransportAddress destination, Address contact) {
    this.callId = callId;
    this.localTag = localTag;
    this.remoteTag = remoteTag;
    this.local = local;
    this.remote = remote;
    this.remoteTarget = remoteTarget;
    this.routeSet = routeSet;
    this.localCseq = localCseq;
    this.destination = destination;
    this.contact = contact;
  }

  /**
   * The UAS side (RFC 3261 §12.1.1): from the INVITE we answered. In-dialog requests go back to the address the
   * INVITE came from, the way SIP NAT traversal expects (RFC 3581 symmetric response routing, applied to requests).
   */
  static Dialog asUas(SipRequest invite, String localTag, TransportAddress source, Address contact) {
    Address remoteTarget = invite.contacts().isEmpty() ? invite.from() : invite.contacts().get(0);
    return new Dialog(invite.callId(), localTag, invite.from().tag(), invite.to().withTag(localTag), invite.from(),
        remoteTarget.uri(), List.copyOf(invite.recordRoutes()), 0, source, contact);
  }

  /** The UAC side, before any answer: the INVITE we are about to send. */
  static Dialog asUac(String callId, String localTag, Address from, Address to, TransportAddress destination,
                      Address contact) {
    return new Dialog(callId, localTag, null, from.withTag(localTag), to, to.uri(), List.of(), 0, destination, contact);
  }

  /** RFC 3261 §12.1.2: the dialog as a 2xx (or re-INVITE 2xx: target refresh, §12.2.1.2) sets it. */
  void established(SipResponse response, boolean initial) {
    if (initial) {
      remoteTag = response.to() == null ? null : response.to().tag();
      remote = response.to();
      List<Address> reversed = new ArrayList<>(response.recordRoutes());
      Collections.reverse(reversed);
      routeSet = List.copyOf(reversed);
    }
    if (!response.contacts().isEmpty()) retarget(response.contacts().get(0).uri());
  }

  /** A target refresh (RFC 3261 §12.2.2) from a re-INVITE or UPDATE the other side sent. */
  void refreshed(SipRequest request) {
    if (!request.contacts().isEmpty()) retarget(request.contacts().get(0).uri());
  }

  private void retarget(Uri target) {
    remoteTarget = target;
    if (routeSet.isEmpty() && target instanceof SipUri uri && isIpLiteral(uri.hostName())) {
      destination = addressOf(uri, destination.transport());
    }
  }

  TransportAddress destination() {
    if (!routeSet.isEmpty() && routeSet.get(0).uri() instanceof SipUri first) {
      return addressOf(first, destination.transport()); // loose routing: the first route is the next hop (§12.2.1.1)
    }
    return destination;
  }

  /** The next request in this dialog (RFC 3261 §12.2.1.1). */
  MessageBuilder.RequestBuilder request(String method) {
    return request(method, ++localCseq);
  }

  /** An ACK (RFC 3261 §13.2.2.4): the INVITE's CSeq number, method ACK. */
  MessageBuilder.RequestBuilder ack(long inviteCseq) { return request("ACK", inviteCseq); }

  Address contact() { return contact; }

  private MessageBuilder.RequestBuilder request(String method, long cseq) {
    MessageBuilder.RequestBuilder b = SipRequest.builder(method, remoteTarget)
        .add(HeaderNames.MAX_FORWARDS, 70)
        .add(HeaderNames.FROM, local)
        .add(HeaderNames.TO, remoteTag == null ? remote : remote.withTag(remoteTag))
        .add(HeaderNames.CALL_ID, callId)
        .add(HeaderNames.CSEQ, cseq + " " + method);
    for (Address route : routeSet) b.add(HeaderNames.ROUTE, route);
    if (!method.equals("BYE") && !method.equals("CANCEL")) b.add(HeaderNames.CONTACT, contact);
    return b;
  }

  static TransportAddress addressOf(SipUri uri, Transport fallback) {
    String t = uri.transport();
    Transport transport = t == null ? fallback : (t.toLowerCase(Locale.ROOT).equals("tcp") ? Transport.TCP : Transport.UDP);
    String host = uri.hostName();
    return new TransportAddress(transport, host, uri.port() > 0 ? uri.port() : DEFAULT_PORT);
  }

  static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }
}
