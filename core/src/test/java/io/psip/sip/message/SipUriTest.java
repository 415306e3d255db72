package io.psip.sip.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SIP and SIPS URIs, RFC 3261 §19.1 and §25.1, with IPv6 references checked against RFC 4291 §2.2. */
class SipUriTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // text                                                  | sips  | user (escaped)  | password   | host                | port  | params                          | headers
      "sip:alice@atlanta.com                                   | false | alice           | -          | atlanta.com         | -1    | ''                              | -",
      "sips:alice@atlanta.com:5061                             | true  | alice           | -          | atlanta.com         | 5061  | ''                              | -",
      "SIP:Alice@Atlanta.COM                                   | false | Alice           | -          | Atlanta.COM         | -1    | ''                              | -",
      "sip:alice:secretword@atlanta.com;transport=tcp          | false | alice           | secretword | atlanta.com         | -1    | ;transport=tcp                  | -",
      "sip:+1-212-555-1212:1234@gateway.com;user=phone         | false | +1-212-555-1212 | 1234       | gateway.com         | -1    | ;user=phone                     | -",
      "sip:alice@192.0.2.4                                     | false | alice           | -          | 192.0.2.4           | -1    | ''                              | -",
      "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com  | false | -               | -          | atlanta.com         | -1    | ;method=REGISTER                | to=alice%40atlanta.com",
      "sip:alice;day=tuesday@atlanta.com                       | false | alice;day=tuesday | -        | atlanta.com         | -1    | ''                              | -",
      "sip:[2001:db8::10]:5070                                 | false | -               | -          | [2001:db8::10]      | 5070  | ''                              | -",
      "sip:[2001:db8::10:5070]                                 | false | -               | -          | [2001:db8::10:5070] | -1    | ''                              | -",
      "sip:user@[::ffff:192.0.2.1]                             | false | user            | -          | [::ffff:192.0.2.1]  | -1    | ''                              | -",
      "sip:host.example.com.:0                                 | false | -               | -          | host.example.com.   | 0     | ''                              | -",
      "sip:a@b:65535                                           | false | a               | -          | b                   | 65535 | ''                              | -",
      "sip:a@b:005060                                          | false | a               | -          | b                   | 5060  | ''                              | -",
      "sip:p.example.com;lr;transport=udp;maddr=[2001:db8::1]  | false | -               | -          | p.example.com       | -1    | ;lr;transport=udp;maddr=[2001:db8::1] | -",
      "sip:u@h;x=%41;%6C%72                                    | false | u               | -          | h                   | -1    | ;x=%41;%6C%72                   | -",
      "sip:u@h?Route=%3Csip:p%3E&Subject=hi                    | false | u               | -          | h                   | -1    | ''                              | Route=%3Csip:p%3E&Subject=hi",
      "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com | false | 1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;* | &it+has=1,weird!*pas$wo~d_too.(doesn't-it) | example.com | -1 | '' | -",
  })
  void parsesValidUris(String text, boolean secure, String user, String password, String host, int port, String params,
                       String headers) throws SipSyntaxException {
    SipUri u = SipUri.parse(text);
    assertThat(u.secure()).isEqualTo(secure);
    assertThat(u.scheme()).isEqualTo(secure ? "sips" : "sip");
    assertThat(u.userEscaped()).isEqualTo(user);
    assertThat(u.password()).isEqualTo(password);
    assertThat(u.host()).isEqualTo(host);
    assertThat(u.port()).isEqualTo(port);
    assertThat(u.params().toString()).isEqualTo(params);
    assertThat(u.headers()).isEqualTo(headers);
    assertThat(u.toString()).as("kept as written").isEqualTo(text);
    assertThat(Uri.parse(text)).isEqualTo(u);
    assertThat(u.isIpv6()).isEqualTo(host.startsWith("["));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "sip:                          | empty host",
      "sip:@host                     | empty user",
      "sip:a@b@c                     | more than one '@'",
      "sip:2001:db8::10              | IPv6 address not enclosed in []",
      "sip:user@::1                  | IPv6 address not enclosed in []",
      "sip:a@host:5060:1             | invalid character",
      "sip:[2001:db8::10             | unterminated IPv6",
      "sip:[2001:db8::10]5060        | invalid character",
      "sip:[2001:db8:::192.0.2.1]    | invalid IPv6",
      "sip:[1.2.3.4]                 | invalid IPv6",
      "sip:[fe80::1%25eth0]          | invalid IPv6",
      "sip:[]                        | IPv6",
      "sip:a@b:65536                 | port out of range",
      "sip:a@b:99999999999           | port",
      "sip:a@b:                      | invalid port",
      "sip:a@b:12a                   | invalid character",
      "sip:a@256.1.1.1               | invalid IPv4",
      "sip:a@1.2.3                   | invalid IPv4",
      "sip:a@-host.com               | invalid host name",
      "sip:a@host-.com               | invalid host name",
      "sip:a@ho_st.com               | invalid host name",
      "sip:a@host..com               | invalid host name",
      "sip:a%G1@host                 | invalid %-escape",
      "sip:a%4@host                  | invalid %-escape",
      "sip:a%@host                   | invalid %-escape",
      "sip:a@host;x=%4               | invalid %-escape",
      "sip:a@host;                   | empty URI parameter",
      "sip:a@host;x=                 | empty value",
      "sip:a@host?                   | empty header part",
      "sip:a@host?x=<y>              | invalid character",
      "sip:a b@host                  | invalid character",
      "sip:a@host>                   | invalid host name",
      "sip:a\"b@host                 | invalid character",
      "sip:a:p@ss@host               | more than one '@'",
      "sip:a:p\"w@host               | invalid character",
      "http://example.com            | not a sip or sips URI",
      "sipx:a@b                      | not a sip or sips URI",
      "a@b                           | not a sip or sips URI",
  })
  void rejectsInvalidUris(String text, String why) {
    assertThatThrownBy(() -> SipUri.parse(text)).isInstanceOf(SipSyntaxException.class).hasMessageContaining(why);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
      "::", "::1", "1::", "2001:db8::", "2001:DB8:0:0:8:800:200C:417A", "2001:db8:0:0:8:800:200c:417a", "FF01::101",
      "0:0:0:0:0:0:13.1.68.3", "::13.1.68.3", "::FFFF:129.144.52.38", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "2001:db8::10:5070", "fe80::1:2:3:4:5:6",
  })
  void acceptsRfc4291Addresses(String address) throws SipSyntaxException {
    SipUri u = SipUri.parse("sip:[" + address + "]:5060");
    assertThat(u.hostName()).isEqualTo(address.toLowerCase(java.util.Locale.ROOT));
    assertThat(u.port()).isEqualTo(5060);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
      ":::", ":1::", "1:", ":1", "1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "::1.2.3", "::1.2.3.4.5", "::256.1.1.1", "::1.2.3.4:5",
      "1:2:3:4:5:6:7:1.2.3.4", "2001:db8:::192.0.2.1", "1.2.3.4", " ::1", "::1 ", "::-1",
  })
  void rejectsNonRfc4291Addresses(String address) {
    assertThatThrownBy(() -> SipUri.parse("sip:[" + address + "]")).isInstanceOf(SipSyntaxException.class);
  }

  @Test
  void unescapesTheUserPartOnceAndOnlyOnce() throws SipSyntaxException {
    SipUri u = SipUri.parse("sip:%75se%72%2541@example.com");
    assertThat(u.userEscaped()).isEqualTo("%75se%72%2541");
    assertThat(u.user()).isEqualTo("user%41");
    assertThat(SipUri.unescape("value%25%34%31")).isEqualTo("value%41");
    assertThat(SipUri.unescape("%C3%A9t%C3%A9")).isEqualTo("\u00e9t\u00e9");
    assertThat(SipUri.unescape("a%00b")).isEqualTo("a\0b").hasSize(3);
    assertThat(SipUri.unescape("no-escapes")).isEqualTo("no-escapes");
    assertThat(SipUri.unescape("100%")).as("not an escape: left alone").isEqualTo("100%");
    assertThat(SipUri.unescape("%4")).isEqualTo("%4");
    assertThat(SipUri.unescape("%41")).isEqualTo("A");
  }

  @Test
  void userPartMayHoldEscapedAtAndSemicolons() throws SipSyntaxException {
    SipUri u = SipUri.parse("sip:user;par=u%40example.net@example.com");
    assertThat(u.user()).isEqualTo("user;par=u@example.net");
    assertThat(u.host()).isEqualTo("example.com");
    assertThat(u.params().isEmpty()).isTrue();
  }

  @Test
  void parametersWithAndWithoutValuesCompareNamesCaseInsensitively() throws SipSyntaxException {
    SipUri u = SipUri.parse("sip:p.example.com;LR;Transport=TCP;maddr=239.255.255.1;ttl=15");
    assertThat(u.lr()).isTrue();
    assertThat(u.param("lr")).as("present without a value").isNull();
    assertThat(u.params().has("lr")).isTrue();
    assertThat(u.transport()).isEqualTo("tcp");
    assertThat(u.maddr()).isEqualTo("239.255.255.1");
    assertThat(u.param("TTL")).isEqualTo("15");
    assertThat(u.params().has("user")).isFalse();
  }

  @Test
  void hostNameIsLowerCaseWithoutBrackets() throws SipSyntaxException {
    assertThat(SipUri.parse("sip:[2001:DB8::A]").hostName()).isEqualTo("2001:db8::a");
    assertThat(SipUri.parse("sip:Example.COM").hostName()).isEqualTo("example.com");
  }

  @Test
  void builtUrisSerialiseAndParseBack() throws SipSyntaxException {
    SipUri u = SipUri.of("alice", "example.com", 5060).withParam("transport", "tcp").withParam("lr", null);
    assertThat(u.toString()).isEqualTo("sip:alice@example.com:5060;transport=tcp;lr");
    assertThat(SipUri.parse(u.toString())).isEqualTo(u);
    assertThat(SipUri.of(true, null, "[2001:db8::1]", -1).toString()).isEqualTo("sips:[2001:db8::1]");
    assertThat(u.withoutParam("transport").toString()).isEqualTo("sip:alice@example.com:5060;lr");
    assertThat(u.withUser("bob").withHostPort("192.0.2.1", -1).toString()).isEqualTo("sip:bob@192.0.2.1;transport=tcp;lr");
    SipUri h = SipUri.parse("sip:a@b?Subject=x");
    assertThat(h.withoutHeaders().toString()).isEqualTo("sip:a@b");
    assertThat(SipUri.parse("sip:a@b").withoutHeaders().toString()).isEqualTo("sip:a@b");
  }

  @ParameterizedTest(name = "user={0} host={1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "a b        | example.com",
      "a@b        | example.com",
      "alice      | 2001:db8::1",
      "alice      | -",
      "''         | example.com",
  })
  void refusesToBuildUrisThatWouldNotParse(String user, String host) {
    assertThatThrownBy(() -> SipUri.of(user, host, 5060)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesToBuildAUriThatSmugglesAHeader() {
    assertThatThrownBy(() -> SipUri.of("alice", "example.com\r\nX-Injected: y", 5060))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipUri.of("alice\r\nX-Injected: y", "example.com", 5060))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesParametersThatWouldNotParse() throws SipSyntaxException {
    SipUri u = SipUri.parse("sip:a@b");
    assertThatThrownBy(() -> u.withParam("x y", "1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> u.withParam("x", "a;b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> u.withParam("x", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> u.withHostPort("b", 70000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void otherSchemesAreOpaque() throws SipSyntaxException {
    Uri tel = Uri.parse("tel:+1-201-555-0123;phone-context=example.com");
    assertThat(tel).isInstanceOf(OpaqueUri.class);
    assertThat(tel.scheme()).isEqualTo("tel");
    assertThat(tel.isSip()).isFalse();
    assertThat(tel.toString()).isEqualTo("tel:+1-201-555-0123;phone-context=example.com");
    assertThat(Uri.parse("Soap.Beep://192.0.2.10").scheme()).isEqualTo("soap.beep");
    assertThatThrownBy(() -> Uri.parse("no-scheme")).isInstanceOf(SipSyntaxException.class);
    assertThatThrownBy(() -> Uri.parse(":x")).isInstanceOf(SipSyntaxException.class);
    assertThatThrownBy(() -> Uri.parse("tel:")).isInstanceOf(SipSyntaxException.class);
    assertThatThrownBy(() -> Uri.parse("1tel:123")).isInstanceOf(SipSyntaxException.class);
    assertThatThrownBy(() -> Uri.parse("tel:12 3")).isInstanceOf(SipSyntaxException.class);
    assertThatThrownBy(() -> Uri.parse("<sip:a@b>")).isInstanceOf(SipSyntaxException.class);
  }
}
