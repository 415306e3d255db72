package io.psip.gateway.sip;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which Request-URI hosts this node answers for: {@code sip.domain} and every name under it, the advertised host,
 * the bind host, {@code localhost}, and this machine's interface addresses. Everything else is someone else's, and
 * psip never relays it (an open relay is a toll-fraud magnet).
 * <p>
 * IP literals are compared as addresses ({@code ::1} and {@code 0:0:0:0:0:0:0:1} are the same host); names
 * case-insensitively. Immutable, so any event loop may ask.
 */
public final class ServedHosts implements Predicate<String> {
  private final String domain;
  private final Set<String> names = new HashSet<>();
  private final Set<InetAddress> addresses = new HashSet<>();

  /**
   * @param domain          {@code sip.domain}
   * @param ownHosts        the bind and advertised hosts (names or literals; the wildcard address is skipped)
   * @param localAddresses  this machine's interface addresses
   */
  public ServedHosts(String domain, List<String> ownHosts, List<InetAddress> localAddresses) {
    this.domain = normalise(domain);
    names.add("localhost");
    for (String host : ownHosts) {
      InetAddress literal = literal(host);
      if (literal == null) names.add(normalise(host));
      else if (!literal.isAnyLocalAddress()) addresses.add(literal);
    }
    addresses.addAll(localAddresses);
  }

  /** @param host a Request-URI host: a name, an IPv4 literal, or an IPv6 literal with or without brackets */
  @Override
  public boolean test(String host) {
    InetAddress literal = literal(host);
    if (literal != null) return addresses.contains(literal);
    String name = normalise(host);
    return name.equals(domain) || name.endsWith('.' + domain) || names.contains(name);
  }

  /** The address an IP literal denotes, without any DNS lookup; {@code null} for names. */
  private static InetAddress literal(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return NetUtil.createInetAddressFromIpAddressString(bare);
  }

  /** Lower case, without the root's trailing dot ({@code PSIP.local.} is {@code psip.local}). */
  private static String normalise(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
