package io.psip.authdigest;

import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthPrincipal;
import io.psip.auth.AuthRequest;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.psip.authdigest.DigestFixture.API_KEY;
import static io.psip.authdigest.DigestFixture.API_SECRET;
import static io.psip.authdigest.DigestFixture.CONNECT_REALM;
import static io.psip.authdigest.DigestFixture.CONNECT_URI;
import static io.psip.authdigest.DigestFixture.DOMAIN;
import static io.psip.authdigest.DigestFixture.DOMAIN_REALM;
import static io.psip.authdigest.DigestFixture.DOMAIN_URI;
import static io.psip.authdigest.DigestFixture.USER;
import static io.psip.authdigest.DigestFixture.USER_PASSWORD;
import static io.psip.authdigest.DigestFixture.connect;
import static io.psip.authdigest.DigestFixture.credentials;
import static io.psip.authdigest.DigestFixture.nonce;
import static io.psip.authdigest.DigestFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

class DigestAuthenticatorTest {
  private static final String PBX = "203.0.113.9";
  private static final String OTHER = "198.51.100.20";
  private static final AuthOutcome WRONG = new AuthOutcome.Rejected(403, "wrong credentials");
  private static final AuthOutcome BANNED =
      new AuthOutcome.Rejected(403, "source banned for 300s after repeated authentication failures");

  private final FakeClock clock = new FakeClock();
  private final DigestFixture fx = new DigestFixture();
  private final DigestAuthenticator digest = new DigestAuthenticator(fx.directory, fx.options(), clock);

  @Test
  void challengesSha256ThenMd5WithQopAuth() {
    AuthOutcome o = ask(request(CONNECT_URI, connect(), PBX));
    assertThat(o).isInstanceOf(AuthOutcome.Challenge.class);
    AuthOutcome.Challenge c = (AuthOutcome.Challenge) o;
    String nonce = nonce(c);
    assertThat(c.status()).isEqualTo(407);
    assertThat(c.reason()).isEqualTo("credentials required");
    assertThat(c.headers()).extracting(AuthOutcome.Header::name).containsExactly("Proxy-Authenticate", "Proxy-Authenticate");
    assertThat(c.headers()).extracting(AuthOutcome.Header::value).containsExactly(
        "Digest realm=\"sip.psip.test\", nonce=\"" + nonce + "\", qop=\"auth\", algorithm=SHA-256",
        "Digest realm=\"sip.psip.test\", nonce=\"" + nonce + "\", qop=\"auth\", algorithm=MD5");

    AuthOutcome d = ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), PBX));
    assertThat(((AuthOutcome.Challenge) d).headers().get(0).value()).startsWith("Digest realm=\"acme.psip.test\", ");
    assertThat(nonce(d)).isNotEqualTo(nonce);
  }

  @Test
  void sipConnectAdmitsWithEitherAlgorithm() {
    for (DigestAlgorithm alg : DigestAlgorithm.values()) {
      String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
      AuthOutcome o = ask(request(CONNECT_URI, connect(), PBX,
          credentials(alg, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000001", CONNECT_URI)));
      assertThat(o).as(alg.token()).isEqualTo(new AuthOutcome.Admitted(new AuthPrincipal("digest", API_KEY, API_KEY)));
    }
  }

  @Test
  void domainUserAdmittedAsTheDomainsAccount() {
    for (DigestAlgorithm alg : DigestAlgorithm.values()) {
      String nonce = nonce(ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), PBX)));
      AuthOutcome o = ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), PBX,
          credentials(alg, USER, DOMAIN_REALM, USER_PASSWORD, nonce, "00000001", DOMAIN_URI)));
      assertThat(o).as(alg.token()).isEqualTo(new AuthOutcome.Admitted(new AuthPrincipal("digest", USER, "acct-acme")));
    }
  }

  @Test
  void aDomainUserIsNotASipConnectUserNorAnotherRealmsUser() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, USER, CONNECT_REALM, USER_PASSWORD, nonce, "00000001", CONNECT_URI))))
        .isEqualTo(WRONG);
  }

  @Test
  void domainWithoutDigestAuthAbstains() {
    assertThat(ask(request("sip:100@closed.sip-us.psip.test", fx.domainRoute("closed"), PBX)))
        .isEqualTo(new AuthOutcome.Abstain("domain closed has no digest_auth"));
  }

  @Test
  void unknownUserAndWrongPasswordLookIdentical() {
    String n1 = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    AuthOutcome wrongPassword = ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, "guess", n1, "00000001", CONNECT_URI)));
    AuthOutcome unknownUser = ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, "nobody", CONNECT_REALM, "guess", n1, "00000002", CONNECT_URI)));
    assertThat(wrongPassword).isEqualTo(WRONG).isEqualTo(unknownUser);

    String n2 = nonce(ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), PBX)));
    assertThat(ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), PBX,
        credentials(DigestAlgorithm.MD5, USER, DOMAIN_REALM, "guess", n2, "00000001", DOMAIN_URI)))).isEqualTo(WRONG);
    assertThat(ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), PBX,
        credentials(DigestAlgorithm.MD5, "mallory", DOMAIN_REALM, "guess", n2, "00000001", DOMAIN_URI)))).isEqualTo(WRONG);
    assertThat(digest.stats().failuresRecorded()).as("both count").isEqualTo(4);
  }

  @Test
  void digestUriMustBeTheRequestUri() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    String other = "sip:15550199@sip.psip.test";
    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000001", other))))
        .isEqualTo(new AuthOutcome.Rejected(403, "digest uri does not match the Request-URI"));
    assertThat(digest.stats().failuresRecorded()).isEqualTo(1);

    String withParams = "sip:15550100@SIP.psip.test;user=phone"; // compared as the exact text the client hashed
    assertThat(ask(request(withParams, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000002", withParams))))
        .isInstanceOf(AuthOutcome.Admitted.class);
  }

  @Test
  void expiredNonceWithRightResponseIsRechallengedStale() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    clock.advance(Duration.ofSeconds(301));
    AuthOutcome o = ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000001", CONNECT_URI)));
    assertThat(o).isInstanceOf(AuthOutcome.Challenge.class);
    AuthOutcome.Challenge c = (AuthOutcome.Challenge) o;
    assertThat(c.status()).isEqualTo(407);
    assertThat(c.headers()).hasSize(2).allSatisfy(h -> assertThat(h.value()).endsWith(", stale=true"));
    String fresh = nonce(c);
    assertThat(fresh).isNotEqualTo(nonce);
    assertThat(digest.stats().failuresRecorded()).as("a stale nonce is no failure").isZero();

    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, fresh, "00000001", CONNECT_URI))))
        .isInstanceOf(AuthOutcome.Admitted.class);
  }

  @Test
  void expiredNonceWithWrongResponseIsStillWrongCredentials() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    clock.advance(Duration.ofSeconds(301));
    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, "guess", nonce, "00000001", CONNECT_URI))))
        .isEqualTo(WRONG);
  }

  @Test
  void nonceNotIssuedForThisRealmIsInvalid() {
    String domainNonce = nonce(ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), PBX)));
    AuthOutcome invalid = new AuthOutcome.Rejected(403, "invalid nonce");
    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, domainNonce, "00000001", CONNECT_URI))))
        .isEqualTo(invalid);
    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, "made-up", "00000001", CONNECT_URI))))
        .isEqualTo(invalid);
    DigestAuthenticator otherCluster = new DigestAuthenticator(fx.directory, DigestOptions.from(
        new io.vertx.core.json.JsonObject().put("nonce_key", "ZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZm")), clock);
    String foreign = nonce(otherCluster.authenticate(request(CONNECT_URI, connect(), PBX)).result());
    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, foreign, "00000001", CONNECT_URI))))
        .isEqualTo(invalid);
    assertThat(digest.stats().failuresRecorded()).isEqualTo(3);
  }

  @Test
  void nonceIsGoodOnEveryNodeWithTheClusterKey() {
    DigestAuthenticator otherNode = new DigestAuthenticator(fx.directory, fx.options(), clock);
    String nonce = nonce(otherNode.authenticate(request(CONNECT_URI, connect(), PBX)).result());
    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000001", CONNECT_URI))))
        .isInstanceOf(AuthOutcome.Admitted.class);
  }

  @Test
  void replayedNonceCountIsRefusedAndAHigherOneAdmitted() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    String first = credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000001", CONNECT_URI);
    assertThat(ask(request(CONNECT_URI, connect(), PBX, first))).isInstanceOf(AuthOutcome.Admitted.class);
    assertThat(ask(request(CONNECT_URI, connect(), PBX, first)))
        .isEqualTo(new AuthOutcome.Rejected(403, "nonce count replayed"));
    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000002", CONNECT_URI))))
        .isInstanceOf(AuthOutcome.Admitted.class);
    assertThat(digest.stats().failuresRecorded()).isEqualTo(1);
  }

  @Test
  void picksTheCredentialsForOurRealmAmongSeveral() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    String ours = credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000001", CONNECT_URI);
    String upstream = credentials(DigestAlgorithm.MD5, "hop", "upstream.example", "pw", "n", "00000001", CONNECT_URI);
    assertThat(ask(request(CONNECT_URI, connect(), PBX, "Bearer abc.def", upstream, ours)))
        .isInstanceOf(AuthOutcome.Admitted.class);
    assertThat(ask(request(CONNECT_URI, connect(), PBX, upstream, "Basic Zm9vOmJhcg==")))
        .as("none for our realm").isInstanceOf(AuthOutcome.Challenge.class);
    assertThat(digest.stats().failuresRecorded()).isZero();
  }

  @Test
  void malformedCredentialsAre400AndCount() {
    assertThat(ask(request(CONNECT_URI, connect(), PBX, "Digest username=\"key1\", realm=\"sip.psip.test\"")))
        .isEqualTo(new AuthOutcome.Rejected(400, "malformed Proxy-Authorization: missing nonce"));
    assertThat(ask(request(CONNECT_URI, connect(), PBX, "Digest")))
        .isEqualTo(new AuthOutcome.Rejected(400, "malformed Proxy-Authorization: no parameters after Digest"));
    assertThat(digest.stats().failuresRecorded()).isEqualTo(2);
  }

  @Test
  void qopOtherThanAuthIsRefused() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    String ha1 = DigestVerifier.ha1(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, API_SECRET);
    String noQop = "Digest username=\"key1\", realm=\"sip.psip.test\", nonce=\"" + nonce + "\", uri=\"" + CONNECT_URI
        + "\", response=\"" + DigestAlgorithm.MD5.hex(ha1 + ":" + nonce + ":" + DigestAlgorithm.MD5.hex("INVITE:" + CONNECT_URI))
        + "\"";
    assertThat(ask(request(CONNECT_URI, connect(), PBX, noQop)))
        .isEqualTo(new AuthOutcome.Rejected(403, "qop=auth is required"));
  }

  @Test
  void tenFailuresWithinTheWindowBanTheSourceOnly() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    for (int i = 1; i <= 10; i++) {
      clock.advance(Duration.ofSeconds(5)); // ten failures within 50 s
      assertThat(ask(request(CONNECT_URI, connect(), PBX,
          credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, "guess" + i, nonce, "00000001", CONNECT_URI))))
          .as("failure %d is answered as such", i).isEqualTo(WRONG);
    }
    String good = credentials(DigestAlgorithm.SHA_256, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000001", CONNECT_URI);
    assertThat(ask(request(CONNECT_URI, connect(), PBX, good))).as("right credentials, banned").isEqualTo(BANNED);
    assertThat(ask(request(CONNECT_URI, connect(), PBX))).as("no challenge while banned").isEqualTo(BANNED);
    assertThat(ask(request(CONNECT_URI, connect(), "[::ffff:" + PBX + "]"))).as("same peer, mapped").isEqualTo(BANNED);
    assertThat(ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), PBX))).as("every realm").isEqualTo(BANNED);

    assertThat(ask(request(CONNECT_URI, connect(), OTHER, good))).as("other sources unaffected")
        .isInstanceOf(AuthOutcome.Admitted.class);
    assertThat(digest.stats()).isEqualTo(new DigestAuthenticator.Stats(10, 1, 1, 1, 1));
  }

  @Test
  void banExpires() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    for (int i = 0; i < 10; i++) {
      ask(request(CONNECT_URI, connect(), PBX,
          credentials(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, "guess", nonce, "00000001", CONNECT_URI)));
    }
    assertThat(ask(request(CONNECT_URI, connect(), PBX))).isEqualTo(BANNED);
    clock.advance(Duration.ofSeconds(299));
    assertThat(ask(request(CONNECT_URI, connect(), PBX))).isEqualTo(BANNED);
    clock.advance(Duration.ofSeconds(2));
    String fresh = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    assertThat(ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, API_SECRET, fresh, "00000001", CONNECT_URI))))
        .isInstanceOf(AuthOutcome.Admitted.class);
    assertThat(digest.stats().bannedSourcesNow()).isZero();
  }

  @Test
  void failuresSpreadBeyondTheWindowDoNotBan() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    for (int i = 0; i < 12; i++) {
      clock.advance(Duration.ofSeconds(7)); // any ten span 63 s > 60 s
      assertThat(ask(request(CONNECT_URI, connect(), PBX,
          credentials(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, "guess", nonce, "00000001", CONNECT_URI))))
          .isEqualTo(WRONG);
    }
    assertThat(ask(request(CONNECT_URI, connect(), PBX))).isInstanceOf(AuthOutcome.Challenge.class);
    assertThat(digest.stats().bansIssued()).isZero();
  }

  @Test
  void banSettingsComeFromTheOptions() {
    DigestAuthenticator strict = new DigestAuthenticator(fx.directory, DigestOptions.from(new io.vertx.core.json.JsonObject()
        .put("nonce_key", DigestFixture.NONCE_KEY_B64).put("ban_failures", 2).put("ban_time_s", 30)), clock);
    String nonce = nonce(strict.authenticate(request(CONNECT_URI, connect(), PBX)).result());
    AuthRequest wrong = request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, "guess", nonce, "00000001", CONNECT_URI));
    strict.authenticate(wrong);
    strict.authenticate(wrong);
    assertThat(strict.authenticate(request(CONNECT_URI, connect(), PBX)).result())
        .isEqualTo(new AuthOutcome.Rejected(403, "source banned for 30s after repeated authentication failures"));
  }

  @Test
  void sourceKeysNormalisePeerSpellings() {
    assertThat(DigestAuthenticator.sourceKey("[2001:DB8::1]")).isEqualTo("2001:db8::1");
    assertThat(DigestAuthenticator.sourceKey("::FFFF:192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(DigestAuthenticator.sourceKey("192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(DigestAuthenticator.sourceKey("::ffff:1")).isEqualTo("::ffff:1");
  }

  @Test
  void statsCountChallengesAndAdmissions() {
    String nonce = nonce(ask(request(CONNECT_URI, connect(), PBX)));
    ask(request(CONNECT_URI, connect(), PBX));
    ask(request(CONNECT_URI, connect(), PBX,
        credentials(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, API_SECRET, nonce, "00000001", CONNECT_URI)));
    assertThat(digest.stats()).isEqualTo(new DigestAuthenticator.Stats(0, 0, 0, 2, 1));
    assertThat(digest.name()).isEqualTo("digest");
  }

  private AuthOutcome ask(AuthRequest r) {
    Future<AuthOutcome> f = digest.authenticate(r);
    assertThat(f.succeeded()).as("answers at once, from memory").isTrue();
    return f.result();
  }
}
