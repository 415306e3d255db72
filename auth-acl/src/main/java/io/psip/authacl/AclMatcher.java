package io.psip.authacl;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One domain's ACL, compiled for lookups: IPv4 blocks as {@code int} network and mask, IPv6 blocks as two
 * {@code long}s each, sorted by prefix length, longest first, so the first hit is the longest-prefix match. A lookup
 * costs at most one comparison per entry of this domain (an ACL holds at most {@value #MAX_ENTRIES} by contract), and
 * nothing else: it does not depend on how many domains or tenants exist.
 *
 * <p>Sources are the packet's real address, as raw bytes ({@link InetAddress#getAddress()}) or as an IP literal; a
 * text that is not a literal (a host name, a zone id, garbage) matches nothing — never a DNS lookup. An IPv4-mapped
 * IPv6 source ({@code ::ffff:a.b.c.d}, as a dual-stack socket reports IPv4 peers) is the IPv4 address it carries; any
 * other IPv6 source never matches an IPv4 entry (so {@code 0.0.0.0/0} admits every IPv4 peer and no IPv6 peer).
 *
 * <p>Immutable and safe to share between threads.
 */
public final class AclMatcher {
  /** The largest ACL the contract allows; larger lists still work, a lookup is then linear in their size. */
  public static final int MAX_ENTRIES = 16;

  private static final AclMatcher EMPTY = new AclMatcher(new int[0], new int[0], new String[0],
      new long[0], new long[0], new long[0], new long[0], new String[0]);

  // IPv4 entries, longest prefix first
  private final int[] v4Net;
  private final int[] v4Mask;
  private final String[] v4Text;
  // IPv6 entries, longest prefix first
  private final long[] v6NetHi;
  private final long[] v6NetLo;
  private final long[] v6MaskHi;
  private final long[] v6MaskLo;
  private final String[] v6Text;

  private AclMatcher(int[] v4Net, int[] v4Mask, String[] v4Text,
                     long[] v6NetHi, long[] v6NetLo, long[] v6MaskHi, long[] v6MaskLo, String[] v6Text) {
    this.v4Net = v4Net;
    this.v4Mask = v4Mask;
    this.v4Text = v4Text;
    this.v6NetHi = v6NetHi;
    this.v6NetLo = v6NetLo;
    this.v6MaskHi = v6MaskHi;
    this.v6MaskLo = v6MaskLo;
    this.v6Text = v6Text;
  }

  /** A matcher that matches nothing. */
  public static AclMatcher empty() { return EMPTY; }

  /**
   * Compiles CIDR texts (strict, as {@link Cidr#parse}); duplicates are kept once.
   *
   * @throws Cidr.InvalidCidrException naming the first entry that does not parse
   */
  public static AclMatcher of(List<String> entries) {
    List<Cidr> blocks = new ArrayList<>(entries.size());
    for (String e : entries) {
      Cidr c;
      try {
        c = Cidr.parse(e);
      } catch (Cidr.InvalidCidrException x) {
        throw new Cidr.InvalidCidrException("ACL entry '" + e + "' " + x.getMessage());
      }
      if (!blocks.contains(c)) blocks.add(c);
    }
    return compile(blocks);
  }

  /** Compiles parsed blocks. */
  public static AclMatcher compile(List<Cidr> blocks) {
    List<Cidr> v4 = new ArrayList<>();
    List<Cidr> v6 = new ArrayList<>();
    for (Cidr c : blocks) (c.isIpv4() ? v4 : v6).add(c);
    if (v4.isEmpty() && v6.isEmpty()) return EMPTY;
    Comparator<Cidr> longestFirst = Comparator.comparingInt(Cidr::prefixLength).reversed();
    v4.sort(longestFirst);
    v6.sort(longestFirst);

    int[] net4 = new int[v4.size()];
    int[] mask4 = new int[v4.size()];
    String[] text4 = new String[v4.size()];
    for (int i = 0; i < v4.size(); i++) {
      Cidr c = v4.get(i);
      net4[i] = v4Int(c.networkBytes(), 0);
      mask4[i] = c.prefixLength() == 0 ? 0 : -1 << (32 - c.prefixLength());
      text4[i] = c.toString();
    }
    long[] netHi = new long[v6.size()];
    long[] netLo = new long[v6.size()];
    long[] maskHi = new long[v6.size()];
    long[] maskLo = new long[v6.size()];
    String[] text6 = new String[v6.size()];
    for (int i = 0; i < v6.size(); i++) {
      Cidr c = v6.get(i);
      byte[] n = c.networkBytes();
      netHi[i] = v6Long(n, 0);
      netLo[i] = v6Long(n, 8);
      int p = c.prefixLength();
      maskHi[i] = longMask(Math.min(p, 64));
      maskLo[i] = longMask(Math.max(p - 64, 0));
      text6[i] = c.toString();
    }
    return new AclMatcher(net4, mask4, text4, netHi, netLo, maskHi, maskLo, text6);
  }

  /** True when the source lies in one of the entries. */
  public boolean matches(InetAddress source) { return matchedEntry(source) != null; }

  /** True when the source, an IP literal, lies in one of the entries; anything else (null, a name) is false. */
  public boolean matches(String source) { return matchedEntry(source) != null; }

  /** True for raw address bytes (4 or 16); any other length is false. */
  public boolean matches(byte[] source) { return matchedEntry(source) != null; }

  /** The longest-prefix entry containing the source in normal form (for logs), or {@code null}. */
  public String matchedEntry(InetAddress source) {
    return source == null ? null : matchedEntry(source.getAddress());
  }

  /** As {@link #matchedEntry(InetAddress)}, for an IP literal; zone ids, names and garbage match nothing. */
  public String matchedEntry(String source) {
    if (source == null || source.isEmpty() || source.length() > 64) return null;
    byte[] a = Cidr.parseAddress(source);
    return a == null ? null : matchedEntry(a);
  }

  /** As {@link #matchedEntry(InetAddress)}, for raw address bytes. */
  public String matchedEntry(byte[] a) {
    if (a == null) return null;
    if (a.length == 4) return matchV4(v4Int(a, 0));
    if (a.length != 16) return null;
    long hi = v6Long(a, 0);
    long lo = v6Long(a, 8);
    if (hi == 0 && (lo >>> 32) == 0xffffL) return matchV4((int) lo); // ::ffff:a.b.c.d, RFC 4291 §2.5.5.2
    for (int i = 0; i < v6Text.length; i++) {
      if ((hi & v6MaskHi[i]) == v6NetHi[i] && (lo & v6MaskLo[i]) == v6NetLo[i]) return v6Text[i];
    }
    return null;
  }

  /** Whether the ACL has no entries (nothing can match). */
  public boolean isEmpty() { return v4Text.length == 0 && v6Text.length == 0; }

  /** The entries in normal form, longest prefix first (IPv4 first, then IPv6). */
  public List<String> entries() {
    List<String> out = new ArrayList<>(Arrays.asList(v4Text));
    out.addAll(Arrays.asList(v6Text));
    return List.copyOf(out);
  }

  @Override
  public String toString() { return "AclMatcher" + entries(); }

  private String matchV4(int address) {
    for (int i = 0; i < v4Text.length; i++) {
      if ((address & v4Mask[i]) == v4Net[i]) return v4Text[i];
    }
    return null;
  }

  private static long longMask(int bits) { return bits == 0 ? 0L : -1L << (64 - bits); }

  private static int v4Int(byte[] a, int off) {
    return ((a[off] & 0xff) << 24) | ((a[off + 1] & 0xff) << 16) | ((a[off + 2] & 0xff) << 8) | (a[off + 3] & 0xff);
  }

  private static long v6Long(byte[] a, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | (a[off + i] & 0xff);
    return v;
  }
}
