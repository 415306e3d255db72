package io.psip.call.b2bua;

import io.psip.call.AdmittedCall;
import io.psip.call.Leg;
import io.psip.ncco.Endpoint;
import io.psip.ncco.NccoAction;
import io.psip.sip.message.Address;
import io.psip.sip.message.Parameters;
import io.psip.sip.message.SipSyntaxException;
import io.psip.sip.message.SipUri;
import io.psip.sip.transport.Transport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns a {@code connect} endpoint into the new leg's addressing (CONTRACT §5). */
final class Targets {
  /** The leg cannot be placed at all (no trunk for a phone number, an unusable URI): detail {@code cannot_route}. */
  static final class CannotRoute extends Exception {
    CannotRoute(String message) { super(message, null, false, false); }
  }

  private final String localHost;
  private final SipUri trunk;

  /**
   * @param localHost the host psip puts in a From built from an NCCO {@code from} number (the advertised host)
   * @param trunk     {@code outbound.trunk}, or null when phone endpoints cannot be reached
   */
  Targets(String localHost, SipUri trunk) {
    this.localHost = localHost;
    this.trunk = trunk;
  }

  BridgeTarget resolve(AdmittedCall call, NccoAction.Connect connect) throws CannotRoute {
    Address from = from(call, connect);
    if (connect.endpoint() instanceof Endpoint.SipEndpoint sip) {
      SipUri uri;
      try {
        uri = SipUri.parse(sip.uri()).withoutHeaders();
      } catch (SipSyntaxException e) {
        throw new CannotRoute("the connect uri is not a SIP URI: " + e.getMessage());
      }
      List<BridgeTarget.Header> headers = new ArrayList<>();
      sip.headers().forEach((key, value) -> headers.add(new BridgeTarget.Header(customName(key), value)));
      if (sip.userToUser() != null) headers.add(new BridgeTarget.Header("User-to-User", sip.userToUser()));
      return new BridgeTarget(uri, Dialog.addressOf(uri, Transport.UDP), from, Address.of(uri), headers, sip.uri(), "sip");
    }
    Endpoint.PhoneEndpoint phone = (Endpoint.PhoneEndpoint) connect.endpoint();
    if (trunk == null) throw new CannotRoute("no outbound.trunk is configured for phone endpoints");
    String number = phone.number().startsWith("+") ? phone.number().substring(1) : phone.number();
    SipUri uri = trunk.withUser(number).withoutHeaders();
    return new BridgeTarget(uri, Dialog.addressOf(trunk, Transport.UDP), from, Address.of(uri), List.of(), number, "phone");
  }

  /** A leg that never got a request out: reported failed with Vonage's {@code cannot_route} detail. */
  Leg failedLeg(AdmittedCall call, NccoAction.Connect connect, Instant now) {
    String to = connect.endpoint() instanceof Endpoint.PhoneEndpoint p ? p.number()
        : ((Endpoint.SipEndpoint) connect.endpoint()).uri();
    Leg leg = new Leg(UUID.randomUUID().toString(), call.conversationUuid(), call.accountId(), call.application().id(),
        Leg.Direction.OUTBOUND, connect.from() != null ? connect.from() : call.from(), to, connect.endpoint().type(),
        now);
    leg.end("failed", now, 0, "cannot_route", null);
    return leg;
  }

  /** The NCCO's {@code from} number at psip's host, else the caller's From (display name and URI, no tag). */
  private Address from(AdmittedCall call, NccoAction.Connect connect) {
    if (connect.from() != null && !connect.from().isEmpty()) {
      String number = connect.from().startsWith("+") ? connect.from().substring(1) : connect.from();
      return Address.of(SipUri.of(number, localHost, -1));
    }
    Address caller = call.invite().request().from();
    return new Address(caller.displayName(), caller.uri(), Parameters.EMPTY);
  }

  /** NCCO header keys are sent as {@code X-<key>}; a key already written {@code X-…} is not prefixed twice. */
  static String customName(String key) {
    return key.regionMatches(true, 0, "X-", 0, 2) ? key : "X-" + key;
  }
}
