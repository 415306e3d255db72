package io.psip.call;

import io.psip.auth.AuthPrincipal;
import io.psip.routing.CallRouter;
import io.psip.routing.Route;
import io.psip.sip.message.Address;
import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipUri;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The answer webhook's fields (CONTRACT §4), built from the admitted INVITE. */
public final class AnswerParams {
  static final String SIP_HEADER_PREFIX = "SipHeader_";

  private AnswerParams() {}

  public static JsonObject of(AdmittedCall call, SipRequest request, TransportAddress source) {
    JsonObject p = new JsonObject()
        .put("to", call.to())
        .put("from", call.from())
        .put("uuid", call.uuid())
        .put("conversation_uuid", call.conversationUuid());
    customHeaders(request).forEach(p::put);
    p.put("sip_domain", sipDomain(call.route(), request));
    p.put("sip_call_id", request.callId());
    p.put("sip_source", source.hostPort());
    p.put("sip_transport", source.transport().name().toLowerCase(Locale.ROOT));
    AuthPrincipal principal = call.principal();
    p.put("auth_method", principal.method());
    if (principal.user() != null) p.put("auth_user", principal.user());
    return p;
  }

  /**
   * One {@code SipHeader_<name>} per {@code X-} header, the name as first received and repeated headers joined with
   * ',' in arrival order; {@code SipHeader_User-to-User} too. Never a header starting {@code X-Nexmo}, in any case:
   * those are the platform's own (vonage-psip.md §3.3).
   */
  static Map<String, String> customHeaders(SipRequest request) {
    Map<String, String> byLowerName = new LinkedHashMap<>();
    Map<String, String> spelling = new LinkedHashMap<>();
    for (SipHeader h : request.headers()) {
      String lower = h.name().toLowerCase(Locale.ROOT);
      boolean custom = lower.startsWith("x-") && !lower.startsWith("x-nexmo");
      if (!custom && !lower.equals("user-to-user")) continue;
      spelling.putIfAbsent(lower, lower.equals("user-to-user") ? "User-to-User" : h.name());
      byLowerName.merge(lower, h.value(), (a, b) -> a + ',' + b);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    byLowerName.forEach((lower, value) -> fields.put(SIP_HEADER_PREFIX + spelling.get(lower), value));
    return fields;
  }

  /** The {@code to} field: the dialled number for SIP Connect, else the Request-URI user part. */
  static String to(Route.Admissible route, SipRequest request) {
    if (route instanceof Route.SipConnectRoute sc) return sc.number();
    SipUri uri = (SipUri) request.requestUri();
    return uri.user() == null ? "" : uri.user();
  }

  /** The {@code from} field: the From URI's user part; a '+'-prefixed E.164 number loses its '+', as Vonage sends it. */
  static String from(SipRequest request) {
    Address from = request.from();
    SipUri uri = from == null ? null : from.sipUri();
    String user = uri == null ? null : uri.user();
    if (user == null) return "";
    String digits = CallRouter.e164(user);
    return digits != null ? digits : user;
  }

  private static String sipDomain(Route.Admissible route, SipRequest request) {
    if (route instanceof Route.DomainRoute d) return d.domain().name();
    return ((SipUri) request.requestUri()).hostName().toLowerCase(Locale.ROOT);
  }
}
