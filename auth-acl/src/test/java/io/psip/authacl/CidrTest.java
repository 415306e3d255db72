package io.psip.authacl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "192.0.2.7, 192.0.2.7/32",
      "192.0.2.7/32, 192.0.2.7/32",
      "10.0.0.0/8, 10.0.0.0/8",
      "0.0.0.0/0, 0.0.0.0/0",
      "255.255.255.255, 255.255.255.255/32",
      "50.127.127.0/29, 50.127.127.0/29",
      "2001:db8::1, 2001:db8::1/128",
      "2001:DB8:0:0:0:0:0:1/128, 2001:db8::1/128",
      "2001:0db8:0000:0000:0001:0000:0000:0000/128, 2001:db8:0:0:1::/128",
      "2001:db8::/32, 2001:db8::/32",
      "::/0, ::/0",
      "::, ::/128",
      "::1, ::1/128",
      "1::, 1::/128",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1/128",
      "2001:db8::1:0:0:1, 2001:db8::1:0:0:1/128",
      "fe80::/10, fe80::/10",
      "::ffff:192.0.2.7, 192.0.2.7/32",
      "::FFFF:c000:0207, 192.0.2.7/32",
      "::ffff:10.0.0.0/104, 10.0.0.0/8",
      "::ffff:0.0.0.0/96, 0.0.0.0/0",
      "::192.0.2.7, ::c000:207/128",
      "64:ff9b::192.0.2.7, 64:ff9b::c000:207/128",
  })
  void parsesAndNormalises(String text, String normal) {
    assertThat(Cidr.parse(text)).hasToString(normal);
    assertThat(Cidr.parse(normal)).isEqualTo(Cidr.parse(text)); // the normal form is a fixed point
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-1", "01.2.3.4", "1.2.3.04",
      "1.2.3.4 ", " 1.2.3.4", "0x7f.0.0.1", "1..2.3", "[2001:db8::1]", "2001:db8::1::2", ":::", "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9", "12345::", "g::1", ":1::", "1::2:", "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::",
      "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "\u0661.2.3.4", "\u0661::1", "::1.2.3.4:1",
  })
  void refusesWhatIsNotAnAddress(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(Cidr.InvalidCidrException.class)
        .hasMessage("must be an IPv4 or IPv6 address or CIDR block");
    assertThat(Cidr.isValid(text)).isFalse();
  }

  @Test
  void refusesZoneIds() {
    assertThatThrownBy(() -> Cidr.parse("fe80::1%eth0")).hasMessage("must not carry an IPv6 zone id (%…)");
  }

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/33, 32", "10.0.0.0/-1, 32", "10.0.0.0/, 32", "10.0.0.0/08, 32", "10.0.0.0/x, 32", "10.0.0.0/1000, 32",
      "2001:db8::/129, 128", "2001:db8::/ 32, 128", "10.0.0.0/8/8, 32", "10.0.0.0/8:, 32",
  })
  void refusesPrefixesOutOfRange(String text, int bits) {
    assertThatThrownBy(() -> Cidr.parse(text)).hasMessage("the prefix length must be a number from 0 to " + bits);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.7/24 | has host bits set: the network of /24 is 10.0.0.0/24",
      "10.0.0.1/0 | has host bits set: the network of /0 is 0.0.0.0/0",
      "192.0.2.7/31 | has host bits set: the network of /31 is 192.0.2.6/31",
      "2001:db8::1/64 | has host bits set: the network of /64 is 2001:db8::/64",
      "::1/0 | has host bits set: the network of /0 is ::/0",
      "::ffff:10.0.0.7/120 | has host bits set: the network of /120 is 10.0.0.0/24",
  })
  void refusesHostBitsRatherThanWideningTheBlock(String text, String reason) {
    assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(Cidr.InvalidCidrException.class).hasMessage(reason);
  }

  @Test
  void equalBlocksHaveOneNormalForm() {
    assertThat(Cidr.parse("192.0.2.7")).isEqualTo(Cidr.parse("::ffff:192.0.2.7/128")).isEqualTo(Cidr.parse("192.0.2.7/32"));
    assertThat(Cidr.parse("2001:db8::")).isNotEqualTo(Cidr.parse("2001:db8::/32"));
    assertThat(Cidr.parse("10.0.0.0/8").hashCode()).isEqualTo(Cidr.parse("::ffff:10.0.0.0/104").hashCode());
  }

  @Test
  void reportsFamilyAndPrefix() {
    assertThat(Cidr.parse("10.0.0.0/8").isIpv4()).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").prefixLength()).isEqualTo(8);
    assertThat(Cidr.parse("2001:db8::/48").isIpv4()).isFalse();
    assertThat(Cidr.parse("2001:db8::1").prefixLength()).isEqualTo(128);
  }

  @Test
  void containsComparesMappedSourcesAsIpv4() throws Exception {
    Cidr net = Cidr.parse("50.127.127.0/29");
    assertThat(net.contains(ip("50.127.127.0"))).isTrue();
    assertThat(net.contains(ip("50.127.127.7"))).isTrue();
    assertThat(net.contains(ip("50.127.127.8"))).isFalse();
    assertThat(net.contains(mapped("50.127.127.3"))).isTrue();
    assertThat(net.contains(ip("::1"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db8:ffff::1"))).isTrue();
    assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db9::1"))).isFalse();
    assertThat(Cidr.parse("2001:db8::1").contains(ip("2001:db8::1"))).isTrue();
    assertThat(Cidr.parse("2001:db8::1").contains(ip("2001:db8::2"))).isFalse();
  }

  @Test
  void agreesWithTheJdkOnEveryIpv6Spelling() throws Exception {
    String[] spellings = {"2001:db8::1", "::", "::1", "1::", "2001:db8:0:0:1:0:0:1", "1:0:0:2:0:0:0:3", "0:0:1::",
        "::ffff:1:0", "1:2:3:4:5:6:7:8", "fe80::1:2", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4"};
    for (String s : spellings) {
      byte[] jdk = InetAddress.getByName(s).getAddress(); // a literal: the JDK does not resolve it
      Cidr c = Cidr.parse(s);
      assertThat(c.contains(jdk)).as(s).isTrue();
      assertThat(Cidr.parse(c.toString())).as(s).isEqualTo(c);
    }
  }

  private static byte[] ip(String literal) throws Exception { return InetAddress.getByName(literal).getAddress(); }

  private static byte[] mapped(String v4) throws Exception {
    byte[] a = InetAddress.getByName(v4).getAddress();
    byte[] m = new byte[16];
    m[10] = (byte) 0xff;
    m[11] = (byte) 0xff;
    System.arraycopy(a, 0, m, 12, 4);
    return m;
  }
}
