package io.psip.gateway.config;

import io.netty.util.NetUtil;
import io.psip.sip.message.SipSyntaxException;
import io.psip.sip.message.SipUri;
import io.psip.sip.message.Uri;
import io.vertx.pgclient.PgConnectOptions;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The rules configuration values obey. Syntax only: nothing here resolves a name or touches the network. */
final class Checks {
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
  private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern NO_SPACE = Pattern.compile("\\S{8,256}");
  private static final Pattern SIGNATURE_SECRET = Pattern.compile("\\S{32,256}");
  private static final Pattern AUTHENTICATOR = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
  static final Set<String> ROLES = Set.of("sip", "webhook", "api");

  private Checks() {}

  static Predicate<Integer> range(int min, int max) { return v -> v >= min && v <= max; }

  static Predicate<Integer> positive() { return v -> v > 0; }

  static Predicate<String> emptyOr(Predicate<String> rule) { return s -> s.isEmpty() || rule.test(s); }

  /**
   * RFC 1035 §2.3.1 host name syntax (digits may lead a label, RFC 1123 §2.1), at most 253 characters, and not
   * all-numeric at the end (RFC 3696 §2), so that a mistyped IPv4 address is not taken for a name.
   */
  static boolean dnsName(String s) {
    if (s.isEmpty() || s.length() > 253) return false;
    String[] labels = s.split("\\.", -1);
    for (String label : labels) {
      if (!DNS_LABEL.matcher(label).matches()) return false;
    }
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  /** A bare IPv4 or IPv6 literal (Netty would also take {@code [::1]}, which a socket address cannot use). */
  static boolean ipLiteral(String s) {
    return !s.startsWith("[") && (NetUtil.isValidIpV4Address(s) || NetUtil.isValidIpV6Address(s));
  }

  /** {@code 0.0.0.0} or {@code ::} (any spelling): every address, so no address of its own to advertise. */
  static boolean wildcard(String s) {
    if (!ipLiteral(s)) return false;
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(s);
    if (bytes == null) return false;
    for (byte b : bytes) if (b != 0) return false;
    return true;
  }

  /** An address to bind or advertise: an IPv4 or IPv6 literal (IPv6 without brackets) or a host name. */
  static boolean host(String s) { return ipLiteral(s) || dnsName(s); }

  static boolean regions(List<String> regions) {
    return !regions.isEmpty() && regions.stream().allMatch(r -> REGION.matcher(r).matches());
  }

  static boolean roles(List<String> roles) { return !roles.isEmpty() && ROLES.containsAll(roles); }

  /** {@code host:port} entries; IPv6 hosts in brackets. */
  static boolean authChain(List<String> names) {
    return !names.isEmpty() && names.stream().allMatch(n -> AUTHENTICATOR.matcher(n).matches())
        && names.stream().distinct().count() == names.size();
  }

  static boolean cidrs(List<String> blocks) { return blocks.stream().allMatch(io.psip.authacl.Cidr::isValid); }

  static boolean members(List<String> members) { return members.stream().allMatch(Checks::hostPort); }

  static boolean hostPort(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) return false;
    String port = s.substring(colon + 1);
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      if (!NetUtil.isValidIpV6Address(host)) return false;
    } else if (host.indexOf(':') >= 0) {
      return false; // an IPv6 host needs brackets, or its last group reads as the port
    }
    return host(host) && port.matches("\\d{1,5}") && range(1, 65535).test(Integer.parseInt(port));
  }

  /** {@code postgresql://user:pass@host:port/db} (or {@code postgres://}): what the PostgreSQL client accepts. */
  static boolean postgresUrl(String s) {
    try {
      URI uri = new URI(s);
      if (!("postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme())) || uri.getHost() == null) {
        return false;
      }
      PgConnectOptions.fromUri(s); // the client that will use it must parse it too
      return true;
    } catch (URISyntaxException | RuntimeException e) {
      return false;
    }
  }

  /** A {@code sip:} or {@code sips:} URI as RFC 3261 §19.1 writes it, parsed by the same code that parses the wire. */
  static boolean sipUri(String s) {
    try {
      return Uri.parse(s) instanceof SipUri;
    } catch (SipSyntaxException e) {
      return false;
    }
  }

  static boolean path(String s) {
    if (s.isBlank()) return false;
    try {
      Path.of(s);
      return true;
    } catch (InvalidPathException e) {
      return false;
    }
  }

  static boolean apiKey(String s) { return API_KEY.matcher(s).matches(); }

  static boolean apiSecret(String s) { return NO_SPACE.matcher(s).matches(); }

  /** HS256 wants a key of at least 256 bits (RFC 7518 §3.2): 32 characters or more. */
  static boolean signatureSecret(String s) { return SIGNATURE_SECRET.matcher(s).matches(); }
}
