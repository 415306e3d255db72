package io.psip.auth;

import io.psip.directory.impl.InMemoryDirectory;
import io.psip.routing.Route;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chain's rule: only abstentions and challenges move on; admit and reject end it. */
class AuthChainTest {
  private final List<String> asked = new ArrayList<>();
  private static final AuthRequest REQUEST = new AuthRequest(null, null, new Route.SipConnectRoute("1", "sip.x"));

  private Authenticator member(String name, AuthOutcome outcome) {
    return new Authenticator() {
      @Override public String name() { return name; }
      @Override public Future<AuthOutcome> authenticate(AuthRequest request) {
        asked.add(name);
        return Future.succeededFuture(outcome);
      }
    };
  }

  private static AuthOutcome run(AuthChain chain) {
    return chain.authenticate(REQUEST).result(); // members answer synchronously here
  }

  @Test
  void abstentionMovesOnAndAdmissionEndsTheChain() {
    AuthOutcome o = run(new AuthChain(List.of(member("a", AuthOutcome.abstain("not listed")),
        member("b", AuthOutcome.admitted(new AuthPrincipal("b", "u", "acct"))), member("c", AuthOutcome.abstain("x")))));
    assertThat(o).isInstanceOf(AuthOutcome.Admitted.class);
    assertThat(asked).containsExactly("a", "b");
  }

  @Test
  void aChallengeLetsALaterMemberAdmit() {
    AuthOutcome.Challenge challenge = new AuthOutcome.Challenge(407, List.of(new AuthOutcome.Header("Proxy-Authenticate", "Digest x")), "creds");
    AuthOutcome o = run(new AuthChain(List.of(member("digest", challenge),
        member("acl", AuthOutcome.admitted(new AuthPrincipal("acl", "192.0.2.0/24", "acct"))))));
    assertThat(o).isInstanceOf(AuthOutcome.Admitted.class);
  }

  @Test
  void withoutAnAdmissionTheChallengesAreMergedInOrder() {
    AuthOutcome o = run(new AuthChain(List.of(
        member("a", new AuthOutcome.Challenge(407, List.of(new AuthOutcome.Header("Proxy-Authenticate", "one")), "first")),
        member("b", AuthOutcome.abstain("no")),
        member("c", new AuthOutcome.Challenge(407, List.of(new AuthOutcome.Header("Proxy-Authenticate", "two")), "second")))));
    assertThat(o).isInstanceOf(AuthOutcome.Challenge.class);
    AuthOutcome.Challenge c = (AuthOutcome.Challenge) o;
    assertThat(c.headers()).extracting(AuthOutcome.Header::value).containsExactly("one", "two");
    assertThat(c.reason()).isEqualTo("first");
  }

  @Test
  void aRejectionEndsTheChainEvenBeforeAnAdmittingMember() {
    AuthOutcome o = run(new AuthChain(List.of(member("a", AuthOutcome.rejected(403, "banned")),
        member("b", AuthOutcome.admitted(new AuthPrincipal("b", "u", "acct"))))));
    assertThat(o).isEqualTo(AuthOutcome.rejected(403, "banned"));
    assertThat(asked).containsExactly("a");
  }

  @Test
  void onlyAbstentionsGive403WithEveryReason() {
    AuthOutcome o = run(new AuthChain(List.of(member("a", AuthOutcome.abstain("not in the ACL")),
        member("b", AuthOutcome.abstain("no digest_auth")))));
    assertThat(o).isEqualTo(AuthOutcome.rejected(403, "not in the ACL; no digest_auth"));
  }

  @Test
  void aFailingOrThrowingMemberBecomesA500NamingIt() {
    Authenticator failing = new Authenticator() {
      @Override public String name() { return "broken"; }
      @Override public Future<AuthOutcome> authenticate(AuthRequest r) { throw new IllegalStateException("boom"); }
    };
    AuthOutcome o = run(new AuthChain(List.of(failing)));
    assertThat(o).isInstanceOf(AuthOutcome.Rejected.class);
    assertThat(((AuthOutcome.Rejected) o).status()).isEqualTo(500);
    assertThat(((AuthOutcome.Rejected) o).reason()).contains("broken").contains("boom");
  }

  @Test
  void loadingAnUnknownMemberNamesItAndTheKnownOnes() {
    assertThatThrownBy(() -> AuthChain.load(List.of("kerberos"), null, new InMemoryDirectory(), new JsonObject(),
        "psip.test", getClass().getClassLoader()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no authenticator named 'kerberos'");
  }

  @Test
  void anEmptyChainIsRefused() {
    assertThatThrownBy(() -> new AuthChain(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
