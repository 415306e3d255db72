package io.psip.webhook.impl;

import io.psip.authacl.AclMatcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a webhook's host and checks every address against the deny list before anything connects. The caller
 * connects to the address checked here (not to the name again), so a DNS answer that changes between check and
 * connect (rebinding) cannot reach a denied address.
 */
final class AddressGuard {
  private final Vertx vertx;
  private final AclMatcher deny;

  AddressGuard(Vertx vertx, AclMatcher deny) {
    this.vertx = vertx;
    this.deny = deny;
  }

  /**
   * The address to connect to. Fails with {@link WebhookUrl.Refused} when any address of the host is denied, and
   * with {@link UnknownHostException} when the name does not resolve (which may be transient: retried).
   */
  Future<SocketAddress> check(WebhookUrl url) {
    String host = url.host();
    if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
      // a literal is parsed, never looked up: no need for a worker thread (two thread hops per request)
      try {
        return Future.succeededFuture(checked(url, InetAddress.getAllByName(host)));
      } catch (UnknownHostException | RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    // InetAddress blocks (system resolver, /etc/hosts, the JVM's cache): on a worker, never on the event loop
    return vertx.executeBlocking(() -> InetAddress.getAllByName(host), false).map(addresses -> checked(url, addresses));
  }

  private SocketAddress checked(WebhookUrl url, InetAddress[] addresses) {
    for (InetAddress a : addresses) {
      if (deny.matches(a)) {
        throw new WebhookUrl.Refused("address " + a.getHostAddress() + " of host " + url.host()
            + " is in the webhook deny list");
      }
    }
    // an IP literal, so the client has nothing left to resolve
    return SocketAddress.inetSocketAddress(url.port(), addresses[0].getHostAddress());
  }
}
