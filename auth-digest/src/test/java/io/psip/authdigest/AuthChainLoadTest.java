package io.psip.authdigest;

import io.psip.auth.AuthChain;
import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthPrincipal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.psip.authdigest.DigestFixture.API_KEY;
import static io.psip.authdigest.DigestFixture.API_SECRET;
import static io.psip.authdigest.DigestFixture.CONNECT_REALM;
import static io.psip.authdigest.DigestFixture.CONNECT_URI;
import static io.psip.authdigest.DigestFixture.DOMAIN;
import static io.psip.authdigest.DigestFixture.DOMAIN_REALM;
import static io.psip.authdigest.DigestFixture.DOMAIN_URI;
import static io.psip.authdigest.DigestFixture.NONCE_KEY_B64;
import static io.psip.authdigest.DigestFixture.USER;
import static io.psip.authdigest.DigestFixture.USER_PASSWORD;
import static io.psip.authdigest.DigestFixture.connect;
import static io.psip.authdigest.DigestFixture.credentials;
import static io.psip.authdigest.DigestFixture.nonce;
import static io.psip.authdigest.DigestFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chain as the gateway builds it: both factories found on the class path by name. */
class AuthChainLoadTest {
  private static Vertx vertx;
  private final DigestFixture fx = new DigestFixture();
  private final AuthChain chain = AuthChain.load(List.of("acl", "digest"), vertx, fx.directory,
      new JsonObject().put("digest", new JsonObject().put("nonce_key", NONCE_KEY_B64)), "psip.test",
      getClass().getClassLoader());

  @BeforeAll
  static void start() { vertx = Vertx.vertx(); }

  @AfterAll
  static void stop() { vertx.close().await(); }

  @Test
  void membersInConfiguredOrder() {
    assertThat(chain.memberNames()).containsExactly("acl", "digest");
  }

  @Test
  void aclAdmitsAListedSourceWithoutAChallenge() {
    assertThat(ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), "192.0.2.44")))
        .isEqualTo(new AuthOutcome.Admitted(new AuthPrincipal("acl", "192.0.2.0/24", "acct-acme")));
  }

  @Test
  void digestChallengesAnUnlistedSourceThenAdmitsIt() {
    AuthOutcome challenge = ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), "203.0.113.9"));
    assertThat(challenge).isInstanceOf(AuthOutcome.Challenge.class);
    assertThat(((AuthOutcome.Challenge) challenge).headers()).hasSize(2);
    AuthOutcome o = ask(request(DOMAIN_URI, fx.domainRoute(DOMAIN), "203.0.113.9",
        credentials(DigestAlgorithm.SHA_256, USER, DOMAIN_REALM, USER_PASSWORD, nonce(challenge), "00000001", DOMAIN_URI)));
    assertThat(o).isEqualTo(new AuthOutcome.Admitted(new AuthPrincipal("digest", USER, "acct-acme")));
  }

  @Test
  void sipConnectIsChallengedThenAdmittedByDigest() {
    AuthOutcome challenge = ask(request(CONNECT_URI, connect(), "192.0.2.44"));
    AuthOutcome o = ask(request(CONNECT_URI, connect(), "192.0.2.44",
        credentials(DigestAlgorithm.MD5, API_KEY, CONNECT_REALM, API_SECRET, nonce(challenge), "00000001", CONNECT_URI)));
    assertThat(o).isEqualTo(new AuthOutcome.Admitted(new AuthPrincipal("digest", API_KEY, API_KEY)));
  }

  @Test
  void neitherAclNorDigestIs403NamingBoth() {
    assertThat(ask(request("sip:100@closed.sip-us.psip.test", fx.domainRoute("closed"), "203.0.113.9")))
        .isEqualTo(new AuthOutcome.Rejected(403,
            "source 203.0.113.9 is not in the ACL of domain closed; domain closed has no digest_auth"));
  }

  @Test
  void unknownNamesAreRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> AuthChain.load(List.of("acl", "ldap"), vertx, fx.directory, new JsonObject(), "psip.test",
        getClass().getClassLoader()))
        .hasMessage("no authenticator named 'ldap' on the class path (known: acl, digest)");
  }

  private AuthOutcome ask(io.psip.auth.AuthRequest r) {
    return chain.authenticate(r).await();
  }
}
