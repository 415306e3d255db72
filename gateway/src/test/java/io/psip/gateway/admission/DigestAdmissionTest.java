package io.psip.gateway.admission;

import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.NonceService;
import io.psip.gateway.testing.AdmissionNode;
import io.psip.gateway.testing.AdmissionNode.Account;
import io.psip.gateway.testing.AdmissionNode.AppSpec;
import io.psip.gateway.testing.AppServer;
import io.psip.gateway.testing.AppServer.Recorded;
import io.psip.gateway.testing.DigestClient;
import io.psip.gateway.testing.DigestClient.Challenge;
import io.psip.gateway.testing.JainSipUac;
import io.psip.gateway.testing.SipClient;
import io.psip.sip.message.SipResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sip.ClientTransaction;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.message.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.psip.gateway.admission.SipAsserts.assertAdmitted;
import static io.psip.gateway.admission.SipAsserts.assertRefused;
import static io.psip.gateway.testing.AdmissionNode.domainHost;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Digest admission (CONTRACT §3, RFC 7616 / RFC 8760) through a whole node: the 407 offering SHA-256 then MD5 with
 * {@code qop="auth"}, admission with either algorithm, wrong credentials → 403 without a new challenge, replayed
 * {@code nc}, a digest {@code uri} that is not the Request-URI, expired nonces ({@code stale=true}) and the per-source
 * ban. The ban counts failures per source address, so every test speaks from a loopback address of its own
 * (127.0.1.x) and none disturbs another.
 */
class DigestAdmissionTest {
  private static final String USER = "alice";
  private static final String PASSWORD = "alice-secret-1";
  private static final String REALM = "acme-dig.psip.test";
  private static final int BAN_FAILURES = 3;
  private static final AtomicInteger SOURCES = new AtomicInteger(10);

  private static AdmissionNode node;
  private static Account acme;
  private static String uri;

  @BeforeAll
  static void start() {
    node = AdmissionNode.start(DigestAdmissionTest.class, Map.of(
        "PSIP_AUTH_BAN_FAILURES", String.valueOf(BAN_FAILURES),
        "PSIP_AUTH_BAN_WINDOW_S", "60",
        "PSIP_AUTH_BAN_TIME_S", "300"));
    acme = node.newAccount("acme");
    String app = node.newApplication(acme, AppSpec.get("/dig"));
    node.app.always("/dig/answer", AppServer.Reply.ncco(node.connectNcco()));
    // nobody on loopback is in this ACL: every call must authenticate
    node.newDomain(acme, "acme-dig", app, List.of("10.9.9.0/24"), true);
    node.newDomainUser(acme, "acme-dig", USER, PASSWORD);
    node.newDomainUser(acme, "acme-dig", "bob", "bob-secret-22");
    node.newNumber(acme, "15557770001", app);
    node.newDomain(acme, "acme-both", app, List.of("127.0.2.0/24"), true);
    node.newDomainUser(acme, "acme-both", "carol", "carol-secret-3");
    uri = "sip:4420@" + domainHost("acme-dig", "us");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  /** A loopback address no other test of this class uses. */
  private static String freshSource() { return "127.0.1." + SOURCES.incrementAndGet(); }

  private static SipClient udp() throws Exception { return SipClient.udp(freshSource(), node.udpPort()); }

  private static Recorded lastAnswer() {
    List<Recorded> all = node.app.requests("/dig/answer");
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  /** Sends {@code invite} without credentials and returns the parsed challenges of its 407, SHA-256 first. */
  private static List<Challenge> challenge(SipClient c, SipClient.Request invite) throws Exception {
    SipResponse r = c.exchange(invite);
    assertRefused(r, 407, "credentials required");
    assertThat(r.reason()).isEqualToIgnoringCase("Proxy Authentication Required");
    return r.headerValues("Proxy-Authenticate").stream().map(DigestClient::parse).toList();
  }

  // ------------------------------------------------------------------ the challenge and admission

  @Test
  void theChallengeOffersSha256ThenMd5WithQopAuthAndOneNonce() throws Exception {
    try (SipClient c = udp()) {
      List<Challenge> offered = challenge(c, c.invite(uri));
      assertThat(offered).hasSize(2);
      assertThat(offered).extracting(Challenge::algorithm).containsExactly("SHA-256", "MD5");
      for (Challenge ch : offered) {
        assertThat(ch.scheme()).isEqualTo("Digest");
        assertThat(ch.realm()).isEqualTo(REALM);
        assertThat(ch.qop()).isEqualTo("auth");
        assertThat(ch.raw()).contains("qop=\"auth\"");
        assertThat(ch.stale()).isFalse();
        assertThat(ch.nonce()).isNotBlank();
      }
      assertThat(offered.get(0).nonce()).isEqualTo(offered.get(1).nonce());
    }
  }

  @Test
  void jainSipAnswersTheMd5ChallengeAndIsAdmitted() {
    int before = node.app.requests("/dig/answer").size();
    try (JainSipUac uac = JainSipUac.start("udp", node.udpPort())) {
      ClientTransaction first = uac.invite(uri, "pbx");
      Response challenge = uac.awaitFinal(first, Duration.ofSeconds(5));
      assertThat(challenge.getStatusCode()).as("%s", challenge).isEqualTo(407);
      List<String> offered = new ArrayList<>();
      ListIterator<?> it = challenge.getHeaders(ProxyAuthenticateHeader.NAME);
      while (it.hasNext()) offered.add(((ProxyAuthenticateHeader) it.next()).getAlgorithm());
      assertThat(offered).containsExactly("SHA-256", "MD5");

      ClientTransaction retry = uac.answerChallenge(challenge, first, "MD5", USER, PASSWORD);
      Response r = uac.awaitFinal(retry, Duration.ofSeconds(5));
      assertAdmitted(r);
      assertThat(retry.getRequest().getHeader("Proxy-Authorization").toString()).contains("algorithm=MD5");
    }
    assertThat(node.app.requests("/dig/answer")).hasSize(before + 1);
    assertThat(lastAnswer().fields()).containsEntry("auth_method", "digest").containsEntry("auth_user", USER)
        .containsEntry("sip_domain", "acme-dig");
  }

  @Test
  void jainSipOverTcpIsChallengedThenAdmitted() {
    try (JainSipUac uac = JainSipUac.start("tcp", node.tcpPort())) {
      ClientTransaction first = uac.invite("sip:4421@" + domainHost("acme-dig", "eu"), "pbx");
      Response challenge = uac.awaitFinal(first, Duration.ofSeconds(5));
      assertThat(challenge.getStatusCode()).isEqualTo(407);
      Response r = uac.awaitFinal(uac.answerChallenge(challenge, first, "MD5", "bob", "bob-secret-22"),
          Duration.ofSeconds(5));
      assertAdmitted(r);
    }
    assertThat(lastAnswer().fields()).containsEntry("auth_user", "bob").containsEntry("sip_transport", "tcp")
        .containsEntry("to", "4421");
  }

  @Test
  void sha256CredentialsAreAdmitted() throws Exception {
    admittedWith(DigestAlgorithm.SHA_256);
  }

  @Test
  void md5CredentialsAreAdmitted() throws Exception {
    admittedWith(DigestAlgorithm.MD5);
  }

  private static void admittedWith(DigestAlgorithm alg) throws Exception {
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(uri);
      Challenge ch = challenge(c, invite).get(alg == DigestAlgorithm.SHA_256 ? 0 : 1);
      assertThat(ch.algorithm()).isEqualTo(alg.token());
      SipResponse r = c.exchange(invite.next().header("Proxy-Authorization: "
          + DigestClient.answer(ch, USER, PASSWORD, "INVITE", uri)));
      assertAdmitted(r);
      assertThat(lastAnswer().fields()).containsEntry("auth_method", "digest").containsEntry("auth_user", USER)
          .containsEntry("sip_call_id", invite.callId()).containsEntry("sip_source", c.source());
    }
  }

  @Test
  void aDomainWithAclAndDigestAdmitsItsAclWithoutAChallengeAndChallengesTheRest() throws Exception {
    String both = "sip:4420@" + domainHost("acme-both", "us");
    try (SipClient listed = SipClient.udp("127.0.2.9", node.udpPort())) {
      assertAdmitted(listed.exchange(listed.invite(both)));
      assertThat(lastAnswer().fields()).containsEntry("auth_method", "acl").containsEntry("auth_user", "127.0.2.0/24")
          .containsEntry("sip_domain", "acme-both");
    }
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(both);
      SipResponse r = c.exchange(invite);
      assertRefused(r, 407, "credentials required");
      Challenge ch = DigestClient.parse(r.headerValues("Proxy-Authenticate").get(0));
      assertThat(ch.realm()).isEqualTo("acme-both.psip.test");
      // a user of acme-dig is nobody in acme-both
      SipResponse wrongDomain = c.exchange(invite.next().header("Proxy-Authorization: "
          + DigestClient.answer(ch, USER, PASSWORD, "INVITE", both)));
      assertRefused(wrongDomain, 403, "wrong credentials");
    }
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(both);
      Challenge ch = challenge(c, invite).get(0);
      assertAdmitted(c.exchange(invite.next().header("Proxy-Authorization: "
          + DigestClient.answer(ch, "carol", "carol-secret-3", "INVITE", both))));
      assertThat(lastAnswer().fields()).containsEntry("auth_method", "digest").containsEntry("auth_user", "carol");
    }
  }

  @Test
  void credentialsForAnotherDomainsRealmAreNotOursAndGetAChallenge() throws Exception {
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(uri);
      Challenge ch = challenge(c, invite).get(0);
      // alice of acme-dig answering with the realm of acme-both: not credentials for this realm
      String foreign = DigestClient.authorization(DigestAlgorithm.SHA_256, USER, PASSWORD, "acme-both.psip.test",
          ch.nonce(), "INVITE", uri, "00000001", "x1");
      SipResponse r = c.exchange(invite.next().header("Proxy-Authorization: " + foreign));
      assertRefused(r, 407, "credentials required");
    }
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void aWrongPasswordIs403WithoutANewChallenge() throws Exception {
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(uri);
      Challenge ch = challenge(c, invite).get(0);
      SipResponse r = c.exchange(invite.next().header("Proxy-Authorization: "
          + DigestClient.answer(ch, USER, "not-the-password", "INVITE", uri)));
      assertRefused(r, 403, "wrong credentials");
      assertThat(r.headerValues("Proxy-Authenticate")).isEmpty();
    }
  }

  @Test
  void anUnknownUserLooksExactlyLikeAWrongPassword() throws Exception {
    SipResponse wrongPassword;
    SipResponse unknownUser;
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(uri);
      Challenge ch = challenge(c, invite).get(1);
      wrongPassword = c.exchange(invite.next().header("Proxy-Authorization: "
          + DigestClient.answer(ch, USER, "not-the-password", "INVITE", uri)));
    }
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(uri);
      Challenge ch = challenge(c, invite).get(1);
      unknownUser = c.exchange(invite.next().header("Proxy-Authorization: "
          + DigestClient.answer(ch, "mallory", "not-the-password", "INVITE", uri)));
    }
    assertThat(unknownUser.status()).isEqualTo(wrongPassword.status()).isEqualTo(403);
    assertThat(unknownUser.reason()).isEqualTo(wrongPassword.reason());
    assertThat(SipAsserts.warning(unknownUser)).isEqualTo(SipAsserts.warning(wrongPassword));
  }

  @Test
  void sipConnectWithAWrongApiSecretIs403() throws Exception {
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite("sip:+15557770001@sip.psip.test");
      SipResponse first = c.exchange(invite);
      assertThat(first.status()).isEqualTo(407);
      Challenge ch = DigestClient.parse(first.headerValues("Proxy-Authenticate").get(0));
      assertThat(ch.realm()).isEqualTo("sip.psip.test");
      SipResponse r = c.exchange(invite.next().header("Proxy-Authorization: "
          + DigestClient.answer(ch, acme.apiKey(), "wrong-api-secret", "INVITE", invite.requestUri())));
      assertRefused(r, 403, "wrong credentials");
      assertThat(r.headerValues("Proxy-Authenticate")).isEmpty();
    }
  }

  @Test
  void aReplayedNonceCountIs403AndAHigherOneIsAccepted() throws Exception {
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(uri);
      Challenge ch = challenge(c, invite).get(0);
      String nc1 = DigestClient.authorization(DigestAlgorithm.SHA_256, USER, PASSWORD, REALM, ch.nonce(), "INVITE", uri,
          "00000001", "abc123");
      assertAdmitted(c.exchange(invite.next().header("Proxy-Authorization: " + nc1)));

      // the very same credentials on a new call: a replay
      int before = node.app.requests("/dig/answer").size();
      SipResponse replay = c.exchange(c.invite(uri).header("Proxy-Authorization: " + nc1));
      assertRefused(replay, 403, "nonce count replayed");
      assertThat(replay.headerValues("Proxy-Authenticate")).isEmpty();
      assertThat(node.app.requests("/dig/answer")).hasSize(before);

      // the same nonce with the next count is a legitimate reuse (RFC 7616 §3.4)
      String nc2 = DigestClient.authorization(DigestAlgorithm.SHA_256, USER, PASSWORD, REALM, ch.nonce(), "INVITE", uri,
          "00000002", "abc124");
      assertAdmitted(c.exchange(c.invite(uri).header("Proxy-Authorization: " + nc2)));
    }
  }

  @Test
  void aDigestUriOtherThanTheRequestUriIs403() throws Exception {
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(uri);
      Challenge ch = challenge(c, invite).get(0);
      String otherUri = "sip:9999@" + domainHost("acme-dig", "us");
      SipResponse r = c.exchange(invite.next().header("Proxy-Authorization: "
          + DigestClient.answer(ch, USER, PASSWORD, "INVITE", otherUri)));
      assertRefused(r, 403, "digest uri does not match the Request-URI");
    }
  }

  @Test
  void anExpiredNonceWithRightCredentialsGets407StaleAndTheNewNonceIsAdmitted() throws Exception {
    // a nonce the node itself would have issued 10 minutes ago (same cluster key, same realm)
    Clock past = Clock.fixed(Instant.now().minusSeconds(600), ZoneOffset.UTC);
    String oldNonce = new NonceService(node.digestNonceKey(), past, NonceService.DEFAULT_LIFETIME).issue(REALM);
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(uri).header("Proxy-Authorization: " + DigestClient.authorization(
          DigestAlgorithm.SHA_256, USER, PASSWORD, REALM, oldNonce, "INVITE", uri, "00000001", "old1"));
      SipResponse stale = c.exchange(invite);
      assertRefused(stale, 407, "nonce expired");
      List<Challenge> offered = stale.headerValues("Proxy-Authenticate").stream().map(DigestClient::parse).toList();
      assertThat(offered).extracting(Challenge::algorithm).containsExactly("SHA-256", "MD5");
      assertThat(offered).allSatisfy(ch -> {
        assertThat(ch.stale()).as(ch.raw()).isTrue();
        assertThat(ch.nonce()).isNotEqualTo(oldNonce);
      });

      SipResponse r = c.exchange(invite.next().without("Proxy-Authorization").header("Proxy-Authorization: "
          + DigestClient.answer(offered.get(1), USER, PASSWORD, "INVITE", uri)));
      assertAdmitted(r);
    }
  }

  @Test
  void aNonceThisClusterNeverIssuedIs403() throws Exception {
    String forged = new NonceService(new byte[32]).issue(REALM); // right shape, wrong key
    try (SipClient c = udp()) {
      SipResponse r = c.exchange(c.invite(uri).header("Proxy-Authorization: " + DigestClient.authorization(
          DigestAlgorithm.SHA_256, USER, PASSWORD, REALM, forged, "INVITE", uri, "00000001", "f1")));
      assertRefused(r, 403, "invalid nonce");
    }
  }

  // ------------------------------------------------------------------ the ban

  @Test
  void aSourceWithRepeatedFailuresIsBannedWhileAnotherSourceIsUnaffected() throws Exception {
    String banned = freshSource();
    try (SipClient c = SipClient.udp(banned, node.udpPort())) {
      for (int i = 1; i <= BAN_FAILURES; i++) {
        SipClient.Request invite = c.invite(uri);
        Challenge ch = challenge(c, invite).get(0);
        SipResponse r = c.exchange(invite.next().header("Proxy-Authorization: "
            + DigestClient.answer(ch, USER, "guess-" + i, "INVITE", uri)));
        assertRefused(r, 403, "wrong credentials");
      }
      // now refused outright: no challenge to keep guessing against
      SipResponse r = c.exchange(c.invite(uri));
      assertRefused(r, 403, "banned");
      assertThat(r.headerValues("Proxy-Authenticate")).isEmpty();
    }
    // a new socket from the same address is still banned
    try (SipClient c = SipClient.udp(banned, node.udpPort())) {
      assertRefused(c.exchange(c.invite(uri)), 403, "banned");
    }
    // another source goes through the normal challenge and is admitted
    try (SipClient c = udp()) {
      SipClient.Request invite = c.invite(uri);
      Challenge ch = challenge(c, invite).get(0);
      assertAdmitted(c.exchange(invite.next().header("Proxy-Authorization: "
          + DigestClient.answer(ch, USER, PASSWORD, "INVITE", uri))));
    }
  }
}
