package io.psip.call;

import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerParamsTest {
  private static SipRequest invite(String from, String... headers) {
    StringBuilder b = new StringBuilder("INVITE sip:+447700900123@sip.psip.test SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n"
        + "From: " + from + ";tag=1\r\nTo: <sip:+447700900123@sip.psip.test>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n");
    for (String h : headers) b.append(h).append("\r\n");
    b.append("Content-Length: 0\r\n\r\n");
    return (SipRequest) ((DecodeResult.Message) new SipMessageParser()
        .parseDatagram(b.toString().getBytes(StandardCharsets.UTF_8))).message();
  }

  @Test
  void everyXHeaderButXNexmoInAnyCase() {
    Map<String, String> fields = AnswerParams.customHeaders(invite("<sip:a@h>",
        "X-UserId: 1938ND9", "X-Nexmo-Trace: no", "x-nexmo: no", "X-NEXMOFOO: no", "x-lower: yes",
        "X-Tags: a,b", "X-Tags: c", "x-tags: d", "X-Empty: ", "Subject: not custom", "XY: not custom"));
    assertThat(fields).containsExactly(
        Map.entry("SipHeader_X-UserId", "1938ND9"),
        Map.entry("SipHeader_x-lower", "yes"),
        Map.entry("SipHeader_X-Tags", "a,b,c,d"),
        Map.entry("SipHeader_X-Empty", ""));
  }

  @Test
  void userToUserInAnySpelling() {
    assertThat(AnswerParams.customHeaders(invite("<sip:a@h>", "user-to-user: 1234abcd;encoding=hex")))
        .containsExactly(Map.entry("SipHeader_User-to-User", "1234abcd;encoding=hex"));
  }

  @Test
  void fromIsTheUserPartWithoutThePlusOfANumber() {
    assertThat(AnswerParams.from(invite("\"Alice\" <sip:+447700900001@pbx.example.com>"))).isEqualTo("447700900001");
    assertThat(AnswerParams.from(invite("<sip:alice@pbx.example.com>"))).isEqualTo("alice");
    assertThat(AnswerParams.from(invite("<sip:pbx.example.com>"))).isEmpty();
    assertThat(AnswerParams.from(invite("<tel:+447700900001>"))).isEmpty();
  }
}
