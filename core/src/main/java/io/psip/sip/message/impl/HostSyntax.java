package io.psip.sip.message.impl;

/**
 * RFC 3261 §25.1 host = hostname / IPv4address / IPv6reference, with IPv6 checked against RFC 4291 §2.2.
 * RFC 5118 §4.10: the three-colon form "[2001:db8:::192.0.2.1]" is allowed by RFC 3261's ABNF bug but is not an
 * IPv6 address; psip refuses it rather than guess which address was meant.
 */
public final class HostSyntax {
  private HostSyntax() {}

  /** {@code null} when {@code host} is valid, else what is wrong with it. */
  public static String problem(String host) {
    if (host.isEmpty()) return "empty host";
    if (host.charAt(0) == '[') {
      if (host.length() < 3 || host.charAt(host.length() - 1) != ']') return "malformed IPv6 reference";
      return isIpv6(host, 1, host.length() - 1) ? null : "invalid IPv6 address";
    }
    // one pass: a dotted number is checked as IPv4, anything else against the hostname rules (labels included)
    int n = host.length();
    int end = host.charAt(n - 1) == '.' ? n - 1 : n; // a hostname may end with "."
    boolean numeric = true;
    boolean name = end > 0;
    int labelStart = 0;
    for (int i = 0; i < n; i++) {
      char c = host.charAt(i);
      if (c == '.') {
        if (i < end) {
          if (!label(host, labelStart, i)) name = false;
          labelStart = i + 1;
        }
      } else if (c < '0' || c > '9') {
        numeric = false;
        if (c >= 128 || !HOSTNAME[c]) {
          name = false;
          break;
        }
      }
    }
    if (numeric) return isIpv4(host, 0, n) ? null : "invalid IPv4 address";
    return name && label(host, labelStart, end) ? null : "invalid host name";
  }

  /** alphanum / "-": a character of a hostname label (RFC 3261 §25.1). */
  public static boolean isHostnameChar(char c) { return c < 128 && HOSTNAME[c]; }

  /** domainlabel = alphanum / alphanum *( alphanum / "-" ) alphanum: not empty, no "-" at either end. */
  private static boolean label(String h, int from, int to) {
    return to > from && h.charAt(from) != '-' && h.charAt(to - 1) != '-';
  }

  // alphanum / "-" (RFC 3261 §25.1 domainlabel); "." separates labels
  private static final boolean[] HOSTNAME = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) HOSTNAME[c] = true;
    for (char c = 'A'; c <= 'Z'; c++) HOSTNAME[c] = true;
    for (char c = '0'; c <= '9'; c++) HOSTNAME[c] = true;
    HOSTNAME['-'] = true;
  }

  /**
   * True when {@code s[from, to)} starts with hex digits and colons up to at least two colons, as an IPv6 address
   * written without brackets does ("2001:db8::10", "::1"): a host with a port has one colon. Only used to explain
   * a rejection better than "invalid port".
   */
  public static boolean looksLikeBareIpv6(CharSequence s, int from, int to) {
    int colons = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == ':') colons++;
      else if (!isHex(c) && c != '.') break;
    }
    return colons >= 2;
  }

  public static boolean isIpv4(String s, int from, int to) {
    int parts = 0;
    int i = from;
    while (i < to) {
      int start = i;
      int v = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) v = v * 10 + (s.charAt(i++) - '0');
      if (i == start || v > 255) return false;
      parts++;
      if (i == to) break;
      if (s.charAt(i) != '.' || parts == 4) return false;
      i++;
      if (i == to) return false;
    }
    return parts == 4;
  }

  /** RFC 4291 §2.2: eight groups of 1–4 hex digits, one "::" at most, an optional trailing dotted IPv4. */
  public static boolean isIpv6(String s, int from, int to) {
    int groups = 0;
    boolean compressed = false;
    int i = from;
    if (to - from >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
      compressed = true;
      i += 2;
      if (i == to) return true;
    } else if (i < to && s.charAt(i) == ':') {
      return false;
    }
    while (i < to) {
      int start = i;
      while (i < to && isHex(s.charAt(i)) && i - start < 5) i++;
      int len = i - start;
      if (i < to && s.charAt(i) == '.') {
        // embedded IPv4 takes the last two groups
        if (!isIpv4(s, start, to)) return false;
        groups += 2;
        i = to;
        break;
      }
      if (len == 0 || len > 4) return false;
      groups++;
      if (i == to) break;
      if (s.charAt(i) != ':') return false;
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (compressed) return false;
        compressed = true;
        i++;
        if (i == to) break;
        if (s.charAt(i) == ':') return false;
      } else if (i == to) {
        return false;
      }
    }
    return compressed ? groups <= 7 : groups == 8;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
