package io.psip.authacl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclMatcherTest {
  private static AclMatcher acl(String... entries) { return AclMatcher.of(List.of(entries)); }

  @Test
  void emptyMatchesNothing() {
    assertThat(acl().matches("192.0.2.1")).isFalse();
    assertThat(acl().matches("::1")).isFalse();
    assertThat(acl().isEmpty()).isTrue();
    assertThat(AclMatcher.empty().matchedEntry("10.0.0.1")).isNull();
  }

  @Test
  void v4AnyMatchesEveryV4AndMappedButNoV6() {
    AclMatcher m = acl("0.0.0.0/0");
    assertThat(m.matches("0.0.0.0")).isTrue();
    assertThat(m.matches("255.255.255.255")).isTrue();
    assertThat(m.matches("::ffff:198.51.100.1")).isTrue();
    assertThat(m.matches("::1")).isFalse();
    assertThat(m.matches("::")).isFalse();
    assertThat(m.matches("2001:db8::1")).isFalse();
    assertThat(m.matches("::c633:6401")).as("IPv4-compatible (deprecated) is not mapped").isFalse();
  }

  @Test
  void v6AnyMatchesEveryV6ButNotMappedV4() {
    AclMatcher m = acl("::/0");
    assertThat(m.matches("::")).isTrue();
    assertThat(m.matches("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
    assertThat(m.matches("2001:db8::1")).isTrue();
    assertThat(m.matches("192.0.2.1")).isFalse();
    assertThat(m.matches("::ffff:192.0.2.1")).as("a mapped source is the IPv4 peer it carries").isFalse();
  }

  @Test
  void hostAddressesAreSlash32AndSlash128() {
    AclMatcher m = acl("192.0.2.7", "2001:db8::7");
    assertThat(m.matchedEntry("192.0.2.7")).isEqualTo("192.0.2.7/32");
    assertThat(m.matches("192.0.2.6")).isFalse();
    assertThat(m.matches("192.0.2.8")).isFalse();
    assertThat(m.matchedEntry("2001:db8::7")).isEqualTo("2001:db8::7/128");
    assertThat(m.matchedEntry("2001:DB8:0:0:0:0:0:7")).isEqualTo("2001:db8::7/128");
    assertThat(m.matches("2001:db8::6")).isFalse();
    assertThat(m.matches("2001:db8::8")).isFalse();
    assertThat(m.matches("2001:db8:0:0:1::7")).isFalse();
  }

  @ParameterizedTest(name = "{0} in {1}: {2}")
  @CsvSource({
      // first and last address of a block, and one outside each side
      "10.1.2.0, 10.1.2.0/24, true",
      "10.1.2.255, 10.1.2.0/24, true",
      "10.1.1.255, 10.1.2.0/24, false",
      "10.1.3.0, 10.1.2.0/24, false",
      "50.127.127.0, 50.127.127.0/29, true",
      "50.127.127.7, 50.127.127.0/29, true",
      "50.127.127.8, 50.127.127.0/29, false",
      "128.0.0.0, 128.0.0.0/1, true",
      "255.255.255.255, 128.0.0.0/1, true",
      "127.255.255.255, 128.0.0.0/1, false",
      "0.0.0.0, 0.0.0.0/1, true",
      "127.255.255.255, 0.0.0.0/1, true",
      "192.0.2.0, 192.0.2.0/31, true",
      "192.0.2.1, 192.0.2.0/31, true",
      "192.0.2.2, 192.0.2.0/31, false",
      "2001:db8::, 2001:db8::/32, true",
      "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, 2001:db8::/32, true",
      "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, 2001:db8::/32, false",
      "2001:db9::, 2001:db8::/32, false",
      "2001:db8:0:1::, 2001:db8:0:1::/64, true",
      "2001:db8:0:1:ffff:ffff:ffff:ffff, 2001:db8:0:1::/64, true",
      "2001:db8:0:2::, 2001:db8:0:1::/64, false",
      "2001:db8:0:1:8000::, 2001:db8:0:1::/65, false",
      "2001:db8:0:1:7fff:ffff:ffff:ffff, 2001:db8:0:1::/65, true",
      "2001:db8::ff, 2001:db8::/120, true",
      "2001:db8::100, 2001:db8::/120, false",
      "8000::, 8000::/1, true",
      "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 8000::/1, false",
      "::ffff:10.1.2.255, 10.1.2.0/24, true",
      "::ffff:10.1.3.0, 10.1.2.0/24, false",
      "::ffff:a01:2ff, 10.1.2.0/24, true",
      "10.1.2.3, ::ffff:10.1.2.0/120, true",
      "::ffff:10.1.2.3, ::ffff:10.1.2.0/120, true",
  })
  void boundaries(String source, String entry, boolean expected) {
    assertThat(acl(entry).matches(source)).isEqualTo(expected);
  }

  @Test
  void longestPrefixWinsWhateverTheOrder() {
    AclMatcher m = acl("10.0.0.0/8", "10.1.2.3", "0.0.0.0/0", "10.1.0.0/16", "2001:db8::/32", "2001:db8::1");
    assertThat(m.matchedEntry("10.1.2.3")).isEqualTo("10.1.2.3/32");
    assertThat(m.matchedEntry("10.1.2.4")).isEqualTo("10.1.0.0/16");
    assertThat(m.matchedEntry("10.2.0.0")).isEqualTo("10.0.0.0/8");
    assertThat(m.matchedEntry("::ffff:11.0.0.1")).isEqualTo("0.0.0.0/0");
    assertThat(m.matchedEntry("2001:db8::1")).isEqualTo("2001:db8::1/128");
    assertThat(m.matchedEntry("2001:db8::2")).isEqualTo("2001:db8::/32");
    assertThat(m.entries()).containsExactly("10.1.2.3/32", "10.1.0.0/16", "10.0.0.0/8", "0.0.0.0/0",
        "2001:db8::1/128", "2001:db8::/32");
  }

  @Test
  void duplicatesAndMappedSpellingsCollapse() {
    assertThat(acl("10.0.0.0/8", "::ffff:10.0.0.0/104", "10.0.0.0/8").entries()).containsExactly("10.0.0.0/8");
  }

  @Test
  void inetAddressAndBytes() throws Exception {
    AclMatcher m = acl("192.0.2.0/24", "2001:db8::/32");
    assertThat(m.matches(InetAddress.getByName("192.0.2.9"))).isTrue();
    assertThat(m.matches(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 192, 0, 2, 9})))
        .isTrue();
    assertThat(m.matches(InetAddress.getByName("2001:db8::5"))).isTrue();
    assertThat(m.matches(InetAddress.getByName("198.51.100.1"))).isFalse();
    assertThat(m.matches((InetAddress) null)).isFalse();
    assertThat(m.matches(new byte[] {(byte) 192, 0, 2, 1})).isTrue();
    assertThat(m.matches(new byte[] {(byte) 192, 0, 2})).isFalse();
    assertThat(m.matches(new byte[0])).isFalse();
    assertThat(m.matches((byte[]) null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "localhost", "example.com", "fe80::1%eth0", "fe80::1%1", "192.0.2.1%eth0",
      "192.0.2", "192.0.2.1.5", "192.0.2.01", "192.0.2.256", "192.0.2.1/32", " 192.0.2.1", "192.0.2.1 ", "[::1]",
      "::1::", ":::", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "0x7f.0.0.1", "٣.0.0.1", "\u0000", "::ffff:1.2.3.4.5"})
  void garbageAndZoneIdsMatchNothing(String source) {
    AclMatcher m = acl("0.0.0.0/0", "::/0");
    assertThat(m.matches(source)).isFalse();
    assertThat(m.matches((String) null)).isFalse();
  }

  @Test
  void garbageEntriesAreRefusedWithTheirText() {
    assertThatThrownBy(() -> acl("10.0.0.7/24")).isInstanceOf(Cidr.InvalidCidrException.class)
        .hasMessageContaining("10.0.0.7/24").hasMessageContaining("10.0.0.0/24");
    assertThatThrownBy(() -> acl("fe80::1%eth0")).isInstanceOf(Cidr.InvalidCidrException.class)
        .hasMessageContaining("zone id");
    assertThatThrownBy(() -> acl("example.com")).isInstanceOf(Cidr.InvalidCidrException.class);
    assertThatThrownBy(() -> acl("10.0.0.0/33")).isInstanceOf(Cidr.InvalidCidrException.class);
  }

  @Test
  void hostNamesAreNeverResolved() {
    // "localhost" would resolve to 127.0.0.1 if the matcher ever asked DNS
    assertThat(acl("127.0.0.0/8").matches("localhost")).isFalse();
  }
}
