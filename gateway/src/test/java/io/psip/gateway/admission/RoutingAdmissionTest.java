package io.psip.gateway.admission;

import io.psip.gateway.testing.AdmissionNode;
import io.psip.gateway.testing.AdmissionNode.Account;
import io.psip.gateway.testing.AdmissionNode.AppSpec;
import io.psip.gateway.testing.AppServer;
import io.psip.gateway.testing.AppServer.Recorded;
import io.psip.gateway.testing.DigestClient;
import io.psip.gateway.testing.JainSipUac;
import io.psip.gateway.testing.SipClient;
import io.psip.gateway.testing.SipWire;
import io.psip.sip.message.SipResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sip.ClientTransaction;
import javax.sip.message.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.psip.gateway.admission.SipAsserts.assertAdmitted;
import static io.psip.gateway.admission.SipAsserts.assertRefused;
import static io.psip.gateway.testing.AdmissionNode.domainHost;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §3's table through a whole node: the Request-URI host decides (regional domain host, SIP Connect host,
 * anything else), the ACL admits by the packet's real source, and every refusal carries its Warning. The main flows
 * are driven by JAIN-SIP, an independent SIP implementation; crafted requests by raw sockets.
 */
class RoutingAdmissionTest {
  private static AdmissionNode node;
  private static Account acme;
  private static Account other;
  private static String aclApp;
  private static String aclEntry;

  @BeforeAll
  static void start() {
    node = AdmissionNode.start(RoutingAdmissionTest.class, Map.of());
    acme = node.newAccount("acme");
    other = node.newAccount("other");

    aclApp = node.newApplication(acme, AppSpec.get("/acl"));
    node.app.always("/acl/answer", AppServer.Reply.ncco(node.connectNcco()));
    aclEntry = node.newDomain(acme, "acme-acl", aclApp, List.of("127.0.0.1/32"), false).getJsonArray("acl").getString(0);

    String closedApp = node.newApplication(acme, AppSpec.get("/closed"));
    node.app.always("/closed/answer", AppServer.Reply.ncco(node.connectNcco()));
    node.newDomain(acme, "acme-closed", closedApp, List.of("10.9.9.0/24"), false);

    String connectApp = node.newApplication(acme, AppSpec.get("/connect"));
    node.app.always("/connect/answer", AppServer.Reply.ncco(node.connectNcco()));
    node.newNumber(acme, "15557770001", connectApp);
    node.newNumber(acme, "15557770002", null); // owned, not linked

    String otherApp = node.newApplication(other, AppSpec.get("/other"));
    node.app.always("/other/answer", AppServer.Reply.ncco(node.connectNcco()));
    node.newNumber(other, "15558880001", otherApp);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  // ------------------------------------------------------------------ ACL, through JAIN-SIP

  @Test
  void aSourceInTheAclIsAdmittedOverUdpAndTheApplicationIsAsked() {
    int before = node.app.requests("/acl/answer").size();
    try (JainSipUac uac = JainSipUac.start("udp", node.udpPort())) {
      ClientTransaction ct = uac.invite("sip:4420@" + domainHost("acme-acl", "us"), "alice");
      Response r = uac.awaitFinal(ct, Duration.ofSeconds(5));
      assertAdmitted(r);

      List<Recorded> asked = node.app.requests("/acl/answer");
      assertThat(asked).hasSize(before + 1);
      Map<String, String> f = asked.get(asked.size() - 1).fields();
      assertThat(f).containsEntry("auth_method", "acl").containsEntry("auth_user", aclEntry)
          .containsEntry("to", "4420").containsEntry("from", "alice").containsEntry("sip_domain", "acme-acl")
          .containsEntry("sip_transport", "udp").containsEntry("sip_source", "127.0.0.1:" + uac.port)
          .containsEntry("sip_call_id", ((javax.sip.header.CallIdHeader) r.getHeader("Call-ID")).getCallId());
    }
  }

  @Test
  void aSourceInTheAclIsAdmittedOverTcpInAnotherServedRegion() {
    int before = node.app.requests("/acl/answer").size();
    try (JainSipUac uac = JainSipUac.start("tcp", node.tcpPort())) {
      ClientTransaction ct = uac.invite("sip:4421@" + domainHost("acme-acl", "eu"), "bob");
      Response r = uac.awaitFinal(ct, Duration.ofSeconds(5));
      assertAdmitted(r);

      List<Recorded> asked = node.app.requests("/acl/answer");
      assertThat(asked).hasSize(before + 1);
      Map<String, String> f = asked.get(asked.size() - 1).fields();
      assertThat(f).containsEntry("auth_method", "acl").containsEntry("to", "4421")
          .containsEntry("sip_transport", "tcp").containsEntry("sip_domain", "acme-acl");
      assertThat(f.get("sip_source")).matches("127\\.0\\.0\\.1:\\d+");
    }
  }

  @Test
  void theAclTrustsThePacketSourceNeverTheVia() throws Exception {
    int before = node.app.requests("/acl/answer").size();
    try (SipClient c = SipClient.udp("127.0.0.7", node.udpPort())) {
      // claims to be 127.0.0.1 (in the ACL) in Via and Contact; the packet comes from 127.0.0.7
      SipResponse r = c.exchange(c.invite("sip:4420@" + domainHost("acme-acl", "us"))
          .viaSentBy("127.0.0.1:5060").from("<sip:liar@127.0.0.1>"));
      assertRefused(r, 403, "127.0.0.7");
      assertThat(SipAsserts.warning(r)).contains("not in the ACL");
    }
    assertThat(node.app.requests("/acl/answer")).hasSize(before);
  }

  @Test
  void aSourceOutsideTheAclOfADomainWithoutDigestIsForbidden() throws Exception {
    try (SipWire w = SipWire.udp(node.udpPort())) {
      SipResponse r = w.exchange(w.request("INVITE", "sip:4420@" + domainHost("acme-closed", "us"), null));
      assertRefused(r, 403, "not in the ACL of domain acme-closed");
      assertThat(r.headerValues("Proxy-Authenticate")).isEmpty();
    }
    assertThat(node.app.requestsUnder("/closed")).isEmpty();
  }

  // ------------------------------------------------------------------ hosts that are not (served) domains

  @Test
  void aDomainHostWithoutARegionIs404SayingARegionalHostIsRequired() throws Exception {
    try (SipWire w = SipWire.udp(node.udpPort())) {
      SipResponse r = w.exchange(w.request("INVITE", "sip:4420@acme-acl.psip.test", null));
      assertRefused(r, 404, "a regional host is required");
      assertThat(SipAsserts.warning(r)).contains("acme-acl.sip-<region>.psip.test");
    }
  }

  @Test
  void anUnknownDomainIs404() throws Exception {
    try (SipWire w = SipWire.udp(node.udpPort())) {
      SipResponse r = w.exchange(w.request("INVITE", "sip:4420@" + domainHost("nosuch", "us"), null));
      assertRefused(r, 404, "unknown domain 'nosuch'");
    }
  }

  @Test
  void aRegionThisNodeDoesNotServeIs404() throws Exception {
    int before = node.app.requests("/acl/answer").size();
    try (SipWire w = SipWire.udp(node.udpPort())) {
      SipResponse r = w.exchange(w.request("INVITE", "sip:4420@" + domainHost("acme-acl", "ap"), null));
      assertRefused(r, 404, "region 'ap' is not served");
    }
    assertThat(node.app.requests("/acl/answer")).hasSize(before);
  }

  @Test
  void anyOtherHostIs403AndNeverRelayed() throws Exception {
    try (SipWire w = SipWire.tcp(node.tcpPort())) {
      SipResponse r = w.exchange(w.request("INVITE", "sip:bob@example.com", null));
      assertRefused(r, 403, "psip never relays");
      r = w.exchange(w.request("INVITE", "sip:bob@acme-acl.sip-us.psip.test.evil.example", null));
      assertRefused(r, 403, "psip never relays");
    }
  }

  // ------------------------------------------------------------------ SIP Connect

  @Test
  void sipConnectChallengesThenAdmitsTheAccountsOwnLinkedNumber() throws Exception {
    try (SipClient c = SipClient.udp("127.0.0.1", node.udpPort())) {
      SipClient.Request invite = c.invite("sip:+15557770001@sip.psip.test").from("<sip:+15551112222@pbx.example.com>");
      SipResponse challenge = c.exchange(invite);
      assertRefused(challenge, 407, "credentials required");
      List<String> offered = challenge.headerValues("Proxy-Authenticate");
      assertThat(offered).hasSize(2);
      assertThat(offered.get(0)).contains("realm=\"sip.psip.test\"").contains("algorithm=SHA-256");
      assertThat(offered.get(1)).contains("realm=\"sip.psip.test\"").contains("algorithm=MD5");

      SipResponse r = c.exchange(invite.next().header("Proxy-Authorization: " + DigestClient
          .answer(DigestClient.parse(offered.get(0)), acme.apiKey(), acme.apiSecret(), "INVITE",
              invite.requestUri())));
      assertAdmitted(r);
      Map<String, String> f = last("/connect/answer").fields();
      assertThat(f).containsEntry("auth_method", "digest").containsEntry("auth_user", acme.apiKey())
          .containsEntry("to", "15557770001").containsEntry("from", "15551112222")
          .containsEntry("sip_domain", "sip.psip.test").containsEntry("sip_call_id", invite.callId());
    }
  }

  @Test
  void sipConnectToANumberOfAnotherAccountIs404() throws Exception {
    int before = node.app.requests("/other/answer").size();
    SipResponse r = sipConnect("15558880001", acme);
    assertRefused(r, 404, "15558880001");
    assertThat(node.app.requests("/other/answer")).hasSize(before);
    // the owner itself gets through
    assertAdmitted(sipConnect("15558880001", other));
    assertThat(node.app.requests("/other/answer")).hasSize(before + 1);
  }

  @Test
  void sipConnectToAnUnknownOrUnlinkedNumberIs404() throws Exception {
    assertRefused(sipConnect("15550000000", acme), 404, "15550000000");
    assertRefused(sipConnect("15557770002", acme), 404, "not linked to an application");
  }

  @Test
  void sipConnectWithoutANumberAsUserIs404() throws Exception {
    try (SipWire w = SipWire.udp(node.udpPort())) {
      SipResponse r = w.exchange(w.request("INVITE", "sip:alice@sip.psip.test", null));
      assertRefused(r, 404, "E.164 number");
    }
  }

  /** Challenge, then answer with {@code as}'s API key and secret (SHA-256). */
  private static SipResponse sipConnect(String number, Account as) throws Exception {
    try (SipClient c = SipClient.udp("127.0.0.1", node.udpPort())) {
      SipClient.Request invite = c.invite("sip:" + number + "@sip.psip.test");
      SipResponse challenge = c.exchange(invite);
      assertThat(challenge.status()).as("%s", challenge).isEqualTo(407);
      var offer = DigestClient.parse(challenge.headerValues("Proxy-Authenticate").get(0));
      return c.exchange(invite.next().header("Proxy-Authorization: " + DigestClient
          .answer(offer, as.apiKey(), as.apiSecret(), "INVITE", invite.requestUri())));
    }
  }

  private static Recorded last(String path) {
    List<Recorded> all = node.app.requests(path);
    assertThat(all).as("requests to %s", path).isNotEmpty();
    return all.get(all.size() - 1);
  }

  // ------------------------------------------------------------------ the stack's own answers, through the gateway

  @Test
  void aMalformedInviteIs400WithAWarning() throws Exception {
    try (SipWire w = SipWire.udp(node.udpPort())) {
      String bad = w.request("INVITE", "sip:4420@" + domainHost("acme-acl", "us"), null)
          .replaceFirst("Max-Forwards: 70", "Max-Forwards: seventy");
      w.send(bad);
      SipResponse r = w.receive();
      assertThat(r.status()).as("%s", r).isEqualTo(400);
      assertThat(SipAsserts.warning(r)).isNotBlank();
    }
  }

  @Test
  void maxForwardsZeroIs483AndAnUnknownSchemeIs416() throws Exception {
    try (SipClient c = SipClient.udp("127.0.0.1", node.udpPort())) {
      SipResponse r = c.exchange(c.invite("sip:4420@" + domainHost("acme-acl", "us")).maxForwards(0));
      assertThat(r.status()).as("%s", r).isEqualTo(483);
      assertThat(SipAsserts.warning(r)).isNotBlank();
      r = c.exchange(c.invite("tel:+15557770001").to("sip:x@sip.psip.test"));
      assertThat(r.status()).as("%s", r).isEqualTo(416);
      assertThat(SipAsserts.warning(r)).isNotBlank();
    }
  }

  @Test
  void optionsToAServedHostIs200WithAllow() throws Exception {
    try (SipWire w = SipWire.udp(node.udpPort())) {
      for (String host : List.of(domainHost("acme-acl", "us"), "sip.psip.test")) {
        SipResponse r = w.exchange(w.request("OPTIONS", "sip:" + host, null));
        assertThat(r.status()).as("OPTIONS %s: %s", host, r).isEqualTo(200);
        assertThat(r.header("Allow")).as("Allow of %s", r).contains("INVITE").contains("OPTIONS");
      }
    }
  }
}
