package io.psip.sip.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Via (RFC 3261 §20.42, §25.1) with rport (RFC 3581) and IPv6 received (RFC 5118 §4.5). */
class ViaTest {

  private static Via one(String value) throws SipSyntaxException {
    List<Via> vias = Via.parseList(value);
    assertThat(vias).hasSize(1);
    return vias.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // value                                                              | transport | host              | port | branch         | received
      "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds                 | UDP       | 192.0.2.1         | 5060 | z9hG4bK776asdhds | -",
      "SIP/2.0/TCP client.example.com;branch=z9hG4bKx;received=192.0.2.7  | TCP       | client.example.com | -1  | z9hG4bKx        | 192.0.2.7",
      "sip/2.0/tls h.example.com:5061;branch=z9hG4bK1                     | TLS       | h.example.com     | 5061 | z9hG4bK1         | -",
      "SIP / 2.0 / TCP   host.example.com : 5061 ; branch = z9hG4bKx ; rport | TCP     | host.example.com  | 5061 | z9hG4bKx         | -",
      "SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKasudf               | WSS       | df7jal23ls0d.invalid | -1 | z9hG4bKasudf    | -",
      "SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111             | UDP       | [2001:db8::9:1]   | 6050 | z9hG4bKas3-111   | -",
      "SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKa | UDP   | [2001:db8::9:1]   | -1   | z9hG4bKa         | [2001:db8::9:255]",
      "SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKb | UDP     | [2001:db8::9:1]   | -1   | z9hG4bKb         | 2001:db8::9:255",
      "SIP/2.0/UDP iftgw.example.com                                       | UDP       | iftgw.example.com | -1   | -                | -",
      "SIP/2.0/UDP 192.0.2.1:0005060;branch=z9hG4bK1                       | UDP       | 192.0.2.1         | 5060 | z9hG4bK1         | -",
  })
  void parsesViaValues(String value, String transport, String host, int port, String branch, String received)
      throws SipSyntaxException {
    Via v = one(value);
    assertThat(v.protocol()).isEqualTo("SIP/2.0");
    assertThat(v.transport()).isEqualTo(transport);
    assertThat(v.host()).isEqualTo(host);
    assertThat(v.port()).isEqualTo(port);
    assertThat(v.branch()).isEqualTo(branch);
    assertThat(v.received()).isEqualTo(received);
    assertThat(v.hasRfc3261Branch()).isEqualTo(branch != null && branch.startsWith("z9hG4bK"));
    assertThat(Via.parseList(v.toString())).as("serialises to a value that parses back").containsExactly(v);
  }

  @Test
  void rportWithoutValueIsARequestWithValueIsAnAnswer() throws SipSyntaxException {
    Via asked = one("SIP/2.0/UDP 192.0.2.1;rport;branch=z9hG4bK1");
    assertThat(asked.hasRport()).isTrue();
    assertThat(asked.rport()).isEqualTo(-1);
    assertThat(asked.params().get("rport")).isNull();

    Via answered = asked.withParam("rport", "5061").withParam("received", "198.51.100.7");
    assertThat(answered.rport()).isEqualTo(5061);
    assertThat(answered.toString()).isEqualTo("SIP/2.0/UDP 192.0.2.1;rport=5061;branch=z9hG4bK1;received=198.51.100.7");
    assertThat(one(answered.toString())).isEqualTo(answered);

    Via v6 = asked.withParam("received", "2001:db8::7");
    assertThat(one(v6.toString()).received()).isEqualTo("2001:db8::7");

    Via none = one("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1");
    assertThat(none.hasRport()).isFalse();
    assertThat(none.rport()).isEqualTo(-1);
    assertThat(one("SIP/2.0/UDP h;rport=abc").rport()).isEqualTo(-1);
  }

  @Test
  void parsesListsOfValues() throws SipSyntaxException {
    List<Via> vias = Via.parseList("SIP/2.0/UDP a.example.com;branch=z9hG4bK1 , SIP/2.0/TCP b.example.com:5070;branch=z9hG4bK2");
    assertThat(vias).extracting(Via::host).containsExactly("a.example.com", "b.example.com");
    assertThat(vias.get(1).port()).isEqualTo(5070);
    assertThat(vias.get(1).transport()).isEqualTo("TCP");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "SIP/2.0/UDP                         | Via sent-by",
      "SIP/2.0 UDP host                    | expected '/'",
      "SIP/2.0/UDPhost                     | LWS",
      "SIP/2.0/UDP host:99999              | too large",
      "SIP/2.0/UDP host:                   | digits",
      "SIP/2.0/UDP host;branch             | branch has no value",
      "SIP/2.0/UDP host;branch=            | empty",
      "SIP/2.0/UDP 192.0.2.15;;,;,,        | parameter name",
      "SIP/2.0/UDP host,                   | token",
      "SIP/2.0/UDP [2001:db8::1            | unterminated IPv6",
      "SIP/2.0/UDP 2001:db8::1             | IPv6 address not enclosed in []",
      "SIP/2.0/UDP [2001:db8:::1]          | invalid IPv6",
      "SIP/2.0/UDP 999.0.0.1               | invalid IPv4",
      "SIP/2.0/UDP host name               | unexpected",
      "SIP/2.0/UDP host;x=\"a              | unterminated",
      "''                                  | token",
  })
  void rejectsMalformedValues(String value, String why) {
    assertThatThrownBy(() -> Via.parseList(value)).isInstanceOf(SipSyntaxException.class).hasMessageContaining(why);
  }

  @Test
  void builtViasSerialiseAndParseBack() throws SipSyntaxException {
    Via v = new Via("tcp", "[2001:db8::1]", 5060, Parameters.EMPTY.with("branch", "z9hG4bKabc").with("rport", null));
    assertThat(v.toString()).isEqualTo("SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKabc;rport");
    assertThat(one(v.toString())).isEqualTo(v);
    assertThatThrownBy(() -> v.withParam("received", "1.2.3.4\r\nX-Injected: y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> v.withParam("bad name", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
