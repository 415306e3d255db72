package io.psip.routing;

import io.psip.directory.DirectoryChange;
import io.psip.directory.DomainEntry;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CONTRACT §3's routing rows, one by one. */
class CallRouterTest {
  private final InMemoryDirectory directory = new InMemoryDirectory();
  private final CallRouter router = new CallRouter(directory, "psip.test", List.of("us", "eu"));

  CallRouterTest() {
    directory.apply(DirectoryChange.upsert(new DomainEntry("acme", "acct1", "app1", List.of("192.0.2.0/24"), true,
        null, null, null), 1));
  }

  private static SipRequest invite(String uri) {
    String text = "INVITE " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n"
        + "From: <sip:a@192.0.2.1>;tag=1\r\nTo: <" + uri + ">\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    return (SipRequest) ((DecodeResult.Message) new SipMessageParser().parseDatagram(text.getBytes(StandardCharsets.US_ASCII))).message();
  }

  @Test
  void regionalDomainHostRoutesToTheDomain() {
    Route r = router.route(invite("sip:100@acme.sip-eu.psip.test"));
    assertThat(r).isInstanceOf(Route.DomainRoute.class);
    Route.DomainRoute d = (Route.DomainRoute) r;
    assertThat(d.domain().name()).isEqualTo("acme");
    assertThat(d.region()).isEqualTo("eu");
    assertThat(d.realm()).isEqualTo("acme.psip.test");
  }

  @Test
  void hostsAreCaseInsensitiveAndMayEndWithTheRootDot() {
    assertThat(router.route(invite("sip:100@ACME.Sip-US.PSIP.test."))).isInstanceOf(Route.DomainRoute.class);
  }

  @Test
  void sipConnectTakesAnE164UserWithOrWithoutPlus() {
    assertThat(router.route(invite("sip:+447700900123@sip.psip.test")))
        .isEqualTo(new Route.SipConnectRoute("447700900123", "sip.psip.test"));
    assertThat(router.route(invite("sip:447700900123@sip.psip.test;transport=udp")))
        .isEqualTo(new Route.SipConnectRoute("447700900123", "sip.psip.test"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "sip:100@acme.psip.test              | 404 | a regional host is required",
      "sip:100@nobody.sip-eu.psip.test     | 404 | unknown domain 'nobody'",
      "sip:100@acme.sip-ap.psip.test       | 404 | region 'ap' is not served here",
      "sip:100@acme.eu.psip.test           | 404 | is not a psip domain host",
      "sip:100@a.b.sip-eu.psip.test        | 404 | is not a psip domain host",
      "sip:alice@sip.psip.test             | 404 | SIP Connect needs an E.164 number",
      "sip:+@sip.psip.test                 | 404 | SIP Connect needs an E.164 number",
      "sip:1234567890123456@sip.psip.test  | 404 | SIP Connect needs an E.164 number",
      "sip:sip.psip.test                   | 404 | SIP Connect needs an E.164 number",
      "sip:100@example.com                 | 403 | never relays",
      "sip:100@192.0.2.7                   | 403 | never relays",
      "sip:100@[2001:db8::1]               | 403 | never relays",
      "sip:100@psip.test                   | 403 | never relays",
      "sip:100@evilpsip.test               | 403 | never relays",
  })
  void refusals(String uri, int status, String warning) {
    Route r = router.route(invite(uri));
    assertThat(r).isInstanceOf(Route.Refusal.class);
    assertThat(((Route.Refusal) r).status()).isEqualTo(status);
    assertThat(((Route.Refusal) r).warning()).contains(warning);
  }

  @Test
  void aDomainAddedLaterRoutesAtOnce() {
    assertThat(router.route(invite("sip:1@beta.sip-us.psip.test"))).isInstanceOf(Route.Refusal.class);
    directory.apply(DirectoryChange.upsert(new DomainEntry("beta", "acct1", "app1", List.of(), true, null, null, null), 2));
    assertThat(router.route(invite("sip:1@beta.sip-us.psip.test"))).isInstanceOf(Route.DomainRoute.class);
  }
}
