package io.psip.gateway.directory;

import io.psip.directory.AccountEntry;
import io.psip.directory.ApplicationEntry;
import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
import io.psip.directory.DomainUserEntry;
import io.psip.directory.NumberEntry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryChangeJsonTest {
  static Stream<DirectoryChange> changes() {
    ApplicationEntry.Webhook answer = new ApplicationEntry.Webhook("https://a.example/answer", "GET", 1000, 5000);
    ApplicationEntry.Webhook event = new ApplicationEntry.Webhook("https://a.example/event", "POST", 800, 3000);
    return Stream.of(
        DirectoryChange.upsert(new AccountEntry("abcd1234", "acme", "md5", "sha", "sig"), 1),
        DirectoryChange.upsert(new ApplicationEntry("6f1c-app", "abcd1234", "ivr", answer, null, event, false), 2),
        DirectoryChange.upsert(new ApplicationEntry("7f1c-app", "abcd1234", "bare", null, null, null, true), 3),
        DirectoryChange.upsert(new DomainEntry("acme", "abcd1234", "6f1c-app", List.of("10.0.0.0/8", "2001:db8::/32"),
            true, "always", "never", "trunk"), 4),
        DirectoryChange.upsert(new DomainEntry("empty-acl", "abcd1234", "6f1c-app", List.of(), false, "optional",
            "optional", "app"), 5),
        DirectoryChange.upsert(new DomainUserEntry("acme", "pbx", "md5", "sha"), 6),
        DirectoryChange.upsert(new NumberEntry("14155550100", "abcd1234", "6f1c-app"), 7),
        DirectoryChange.upsert(new NumberEntry("14155550101", "abcd1234", null), 8),
        DirectoryChange.delete(DirectoryEntry.Kind.DOMAIN_USER, "acme/pbx", 9),
        DirectoryChange.delete(DirectoryEntry.Kind.ACCOUNT, "abcd1234", Long.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("changes")
  void everyKindSurvivesTheRoundTripThroughItsWireForm(DirectoryChange change) {
    // through the string form, as a clustered event bus would carry it
    JsonObject wire = new JsonObject(DirectoryChangeJson.encode(change).encode());
    assertThat(DirectoryChangeJson.decode(wire)).isEqualTo(change);
  }

  @Test
  void theWireFormIsSnakeCase() {
    JsonObject json = DirectoryChangeJson.encode(DirectoryChange.upsert(
        new DomainEntry("acme", "k", "app", List.of("10.0.0.0/8"), true, "always", "never", "trunk"), 42));
    assertThat(json).isEqualTo(new JsonObject("""
        {"kind":"domain","key":"acme","version":42,"entry":{"name":"acme","account_id":"k","application_id":"app",
         "acl":["10.0.0.0/8"],"digest_auth":true,"tls":"always","srtp":"never","domain_type":"trunk"}}"""));
    assertThat(DirectoryChangeJson.encode(DirectoryChange.delete(DirectoryEntry.Kind.NUMBER, "1", 3)))
        .isEqualTo(new JsonObject("{\"kind\":\"number\",\"key\":\"1\",\"version\":3,\"entry\":null}"));
  }

  @Test
  void malformedDocumentsAreRefusedWithIllegalArgument() {
    assertThatThrownBy(() -> DirectoryChangeJson.decode(new JsonObject())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DirectoryChangeJson.decode(new JsonObject().put("kind", "planet").put("key", "x")
        .put("version", 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DirectoryChangeJson.decode(new JsonObject().put("kind", "number").put("key", "1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DirectoryChangeJson.decode(new JsonObject().put("kind", "number").put("key", "1")
        .put("version", 1).put("entry", new JsonObject().put("msisdn", "2"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    assertThatThrownBy(() -> DirectoryChangeJson.decode(new JsonObject().put("kind", "number").put("key", "1")
        .put("version", "one"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAccountEntryNeverPrintsItsSecrets() {
    assertThat(new AccountEntry("abcd1234", "acme", "md5-secret", "sha-secret", "signing-secret").toString())
        .doesNotContain("secret");
  }
}
