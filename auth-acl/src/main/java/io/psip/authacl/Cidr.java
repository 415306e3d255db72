package io.psip.authacl;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 CIDR block, parsed from text without ever touching DNS (a resolver call on an event loop, or a
 * host name that resolves differently tomorrow, has no place in an ACL).
 *
 * <p>Strict by design: an entry is an address ({@code 192.0.2.7} is {@code 192.0.2.7/32}, {@code 2001:db8::1} is
 * {@code 2001:db8::1/128}) or a network whose host bits are all zero. {@code 10.0.0.7/24} is refused rather than
 * silently widened to {@code 10.0.0.0/24}: the operator meant one of the two, and guessing could admit a whole subnet.
 *
 * <p>Normal form ({@link #toString()}): dotted quad for IPv4; RFC 5952 for IPv6 (lower case, no leading zeros, the
 * longest run of two or more zero groups as {@code ::}); always with a prefix length. An IPv4-mapped IPv6 block
 * ({@code ::ffff:a.b.c.d/p}, p ≥ 96) is the IPv4 block {@code a.b.c.d/(p-96)}: a dual-stack socket reports IPv4
 * peers as mapped addresses, and one spelling per block makes duplicates detectable.
 */
public final class Cidr {
  private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** Why a text is not a CIDR block, in words an operator can act on. */
  public static final class InvalidCidrException extends IllegalArgumentException {
    InvalidCidrException(String reason) { super(reason, null); }
  }

  /**
   * Parses {@code address} or {@code address/prefix}.
   *
   * @throws InvalidCidrException when the text is not an IP literal, the prefix is out of range, or host bits are set
   */
  public static Cidr parse(String text) {
    if (text == null || text.isEmpty()) throw new InvalidCidrException("must be an IPv4 or IPv6 address or CIDR block");
    int slash = text.indexOf('/');
    String addressText = slash < 0 ? text : text.substring(0, slash);
    byte[] address = parseAddress(addressText);
    if (address == null) {
      throw new InvalidCidrException(addressText.indexOf('%') >= 0
          ? "must not carry an IPv6 zone id (%…)"
          : "must be an IPv4 or IPv6 address or CIDR block");
    }
    int bits = address.length * 8;
    int prefix = slash < 0 ? bits : parsePrefix(text.substring(slash + 1), bits);
    if (!hostBitsZero(address, prefix)) {
      Cidr network = new Cidr(mask(address, prefix), prefix).unmapped();
      throw new InvalidCidrException("has host bits set: the network of /" + prefix + " is " + network);
    }
    return new Cidr(address, prefix).unmapped();
  }

  /** True when {@code text} parses; for callers that only need a yes or no. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (InvalidCidrException e) {
      return false;
    }
  }

  public boolean isIpv4() { return network.length == 4; }

  /** The network address (4 or 16 bytes, a copy), for compiled matchers. */
  byte[] networkBytes() { return network.clone(); }

  /** The prefix length: 0–32 for IPv4, 0–128 for IPv6. */
  public int prefixLength() { return prefix; }

  /**
   * Whether a raw address (4 or 16 bytes, as {@code InetAddress.getAddress()} gives it) lies in this block. An
   * IPv4-mapped IPv6 address is compared as the IPv4 address it carries.
   */
  public boolean contains(byte[] address) {
    byte[] a = address.length == 16 && isMapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
    if (a.length != network.length) return false;
    return Arrays.equals(mask(a, prefix), network);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
  }

  @Override
  public int hashCode() { return 31 * Arrays.hashCode(network) + prefix; }

  /** The normal form, e.g. {@code 10.0.0.0/24}, {@code 2001:db8::/32}, {@code 192.0.2.7/32}. */
  @Override
  public String toString() { return (isIpv4() ? formatV4(network) : formatV6(network)) + '/' + prefix; }

  private Cidr unmapped() {
    if (network.length == 16 && prefix >= 96 && isMapped(network)) {
      return new Cidr(Arrays.copyOfRange(network, 12, 16), prefix - 96);
    }
    return this;
  }

  private static boolean isMapped(byte[] a16) {
    return Arrays.equals(a16, 0, 12, MAPPED_PREFIX, 0, 12);
  }

  private static int parsePrefix(String s, int bits) {
    String range = "the prefix length must be a number from 0 to " + bits;
    if (s.isEmpty() || s.length() > 3 || (s.length() > 1 && s.charAt(0) == '0')) throw new InvalidCidrException(range);
    int value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') throw new InvalidCidrException(range);
      value = value * 10 + (c - '0');
    }
    if (value > bits) throw new InvalidCidrException(range);
    return value;
  }

  private static boolean hostBitsZero(byte[] address, int prefix) { return Arrays.equals(mask(address, prefix), address); }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] m = address.clone();
    for (int i = 0; i < m.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8)); // leading bits of this byte inside the prefix
      m[i] &= (byte) (0xff << (8 - keep));
    }
    return m;
  }

  /** 4 or 16 bytes, or {@code null} when {@code s} is not an IPv4 or IPv6 literal. */
  static byte[] parseAddress(String s) {
    return s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s);
  }

  /** Dotted quad, four decimal parts 0–255; a leading zero is refused (some parsers read it as octal). */
  private static byte[] parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) return null;
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') return null;
        v = v * 10 + (c - '0');
      }
      if (v > 255) return null;
      out[i] = (byte) v;
    }
    return out;
  }

  /** RFC 4291 §2.2 text forms: eight groups, one {@code ::}, an optional trailing dotted quad. No zone ids. */
  private static byte[] parseV6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) return null;
    int[] head = gap < 0 ? groups(s, true) : groups(s.substring(0, gap), false);
    int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2), true);
    if (head == null || tail == null) return null;
    int total = head.length + tail.length;
    if (gap < 0 ? total != 8 : total > 7) return null;
    int[] all = new int[8];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  /** The 16-bit groups of one side of {@code ::}; a dotted quad is allowed as the last part when {@code last}. */
  private static int[] groups(String s, boolean last) {
    if (s.isEmpty()) return new int[0];
    String[] parts = s.split(":", -1);
    int[] out = new int[parts.length + 1];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (last && i == parts.length - 1 && p.indexOf('.') >= 0) {
        byte[] v4 = parseV4(p);
        if (v4 == null) return null;
        out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) return null;
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        int d = hexDigit(p.charAt(j));
        if (d < 0) return null;
        v = (v << 4) | d;
      }
      out[n++] = v;
    }
    return Arrays.copyOf(out, n);
  }

  /** ASCII only: {@link Character#digit} would also take other scripts' digits. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  private static String formatV4(byte[] a) {
    return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
  }

  /** RFC 5952 §4: lower-case hex, no leading zeros, the first longest run (≥ 2) of zero groups as {@code ::}. */
  private static String formatV6(byte[] a) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
