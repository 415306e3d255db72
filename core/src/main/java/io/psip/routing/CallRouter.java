package io.psip.routing;

import io.psip.directory.Directory;
import io.psip.directory.DomainEntry;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipUri;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a new INVITE's Request-URI host to a {@link Route}, exactly as CONTRACT §3's table says:
 * <pre>
 *   &lt;name&gt;.sip-&lt;region&gt;.&lt;sip.domain&gt;   a PSIP domain (region served and domain known, else 404)
 *   &lt;name&gt;.&lt;sip.domain&gt;                404: a regional host is required
 *   sip.&lt;sip.domain&gt;                   SIP Connect when the user part is an E.164 number (else 404)
 *   anything else                      403: psip is not a relay
 * </pre>
 * Reads only the in-memory directory: no I/O, safe on the event loop.
 */
public final class CallRouter {
  /** E.164 allows at most 15 digits (ITU-T E.164 §6). */
  public static final int MAX_E164_DIGITS = 15;

  private final Directory directory;
  private final String domain;
  private final String sipConnectHost;
  private final Set<String> regions;

  /**
   * @param sipDomain {@code sip.domain}
   * @param regions   the regions this node serves ({@code sip.regions})
   */
  public CallRouter(Directory directory, String sipDomain, Collection<String> regions) {
    this.directory = directory;
    this.domain = normalise(sipDomain);
    this.sipConnectHost = "sip." + domain;
    this.regions = new TreeSet<>();
    for (String r : regions) this.regions.add(r.toLowerCase(Locale.ROOT));
  }

  /** The digest realm of a domain's users (the same string provisioning hashes HA1s with). */
  public String domainRealm(String name) { return name + '.' + domain; }

  public String sipConnectRealm() { return sipConnectHost; }

  public Route route(SipRequest request) {
    if (!(request.requestUri() instanceof SipUri uri)) {
      return new Route.Refusal(416, "only sip: and sips: Request-URIs are served"); // RFC 3261 §21.4.14
    }
    String host = normalise(uri.hostName());
    if (host.equals(sipConnectHost)) return sipConnect(uri);
    if (!host.endsWith('.' + domain)) {
      return new Route.Refusal(403, uri.host() + " is not a psip host; psip never relays");
    }
    String prefix = host.substring(0, host.length() - domain.length() - 1);
    int dot = prefix.indexOf('.');
    if (dot < 0) {
      return new Route.Refusal(404, "a regional host is required: " + prefix + ".sip-<region>." + domain
          + " (regions " + String.join(",", regions) + ")");
    }
    String name = prefix.substring(0, dot);
    String regionLabel = prefix.substring(dot + 1);
    if (!regionLabel.startsWith("sip-") || regionLabel.indexOf('.') >= 0 || name.isEmpty()) {
      return new Route.Refusal(404, host + " is not a psip domain host (<name>.sip-<region>." + domain + ")");
    }
    String region = regionLabel.substring(4);
    if (!regions.contains(region)) {
      return new Route.Refusal(404, "region '" + region + "' is not served here (serves " + String.join(",", regions) + ")");
    }
    DomainEntry entry = directory.domain(name);
    if (entry == null) return new Route.Refusal(404, "unknown domain '" + name + "'");
    return new Route.DomainRoute(entry, region, domainRealm(name));
  }

  private Route sipConnect(SipUri uri) {
    String number = e164(uri.user());
    if (number == null) {
      return new Route.Refusal(404, "SIP Connect needs an E.164 number as the Request-URI user, not '"
          + (uri.user() == null ? "" : uri.user()) + "'");
    }
    return new Route.SipConnectRoute(number, sipConnectHost);
  }

  /** Digits of an E.164 number with an optional leading '+', or {@code null}. */
  public static String e164(String user) {
    if (user == null) return null;
    String digits = user.startsWith("+") ? user.substring(1) : user;
    if (digits.isEmpty() || digits.length() > MAX_E164_DIGITS) return null;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') return null;
    }
    return digits;
  }

  /** Lower case, without the root's trailing dot. */
  private static String normalise(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
