package io.psip.authacl;

import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthPrincipal;
import io.psip.auth.AuthRequest;
import io.psip.auth.Authenticator;
import io.psip.routing.Route;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a call to a PSIP domain when the packet's real source address (never Via, Contact or any header: CONTRACT §3)
 * lies in that domain's ACL. Each lookup is one hash get in the {@link DomainAclIndex} plus a scan of that one domain's
 * entries, so its cost does not grow with the number of tenants; the index follows the directory by itself.
 *
 * <p>It never rejects: a source outside the ACL abstains, so digest (or the chain's final 403) decides.
 */
public final class AclAuthenticator implements Authenticator {
  public static final String NAME = "acl";

  private static final Logger LOG = LoggerFactory.getLogger(AclAuthenticator.class);
  private static final Future<AuthOutcome> SIP_CONNECT =
      Future.succeededFuture(AuthOutcome.abstain("SIP Connect calls are authenticated by digest"));

  private final DomainAclIndex index;

  public AclAuthenticator(DomainAclIndex index) {
    this.index = index;
  }

  @Override
  public String name() { return NAME; }

  @Override
  public Future<AuthOutcome> authenticate(AuthRequest request) {
    if (!(request.target() instanceof Route.DomainRoute route)) return SIP_CONNECT;
    String domain = route.domain().name();
    String source = unbracketed(request.source().host());
    // the route's entry is the router's snapshot; the index is looked up by name so it is the latest ACL
    String entry = index.matcher(domain).matchedEntry(source);
    if (entry == null) {
      LOG.debug("acl: source {} is not in the ACL of domain {}", source, domain);
      return Future.succeededFuture(AuthOutcome.abstain("source " + source + " is not in the ACL of domain " + domain));
    }
    LOG.debug("acl: source {} admitted to domain {} by {}", source, domain, entry);
    return Future.succeededFuture(AuthOutcome.admitted(new AuthPrincipal(NAME, entry, route.domain().accountId())));
  }

  /** {@code [2001:db8::1]} → {@code 2001:db8::1}: transports may report IPv6 hosts in URI form (RFC 3986 §3.2.2). */
  static String unbracketed(String host) {
    int n = host.length();
    return n > 2 && host.charAt(0) == '[' && host.charAt(n - 1) == ']' ? host.substring(1, n - 1) : host;
  }
}
