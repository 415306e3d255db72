package io.psip.gateway.db;

import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.DigestVerifier;
import io.psip.gateway.accounts.Secrets;
import io.psip.gateway.config.GatewayConfig;
import io.psip.gateway.store.AccountCredentials;
import io.psip.gateway.store.AccountRecord;
import io.psip.gateway.store.StoreException;
import io.psip.gateway.store.StoreFixture;
import io.psip.gateway.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.psip.gateway.store.StoreFixture.await;
import static io.psip.gateway.store.StoreFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** The primary account follows api.key/api.secret, or is generated once and then kept. */
class PrimaryAccountTest {
  private StoreFixture db;
  private ByteArrayOutputStream out;

  @BeforeEach
  void setUp() {
    db = StoreFixture.create(PrimaryAccountTest.class); // a fresh database per test: no primary yet
    out = new ByteArrayOutputStream();
  }

  @AfterEach
  void tearDown() { db.close(); }

  private String ensure(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(TestConfigs.loopbackEnv(Path.of("target", "unused-data")));
    all.putAll(env);
    GatewayConfig config = TestConfigs.load(all);
    return await(PrimaryAccount.ensure(db.vertx, db.stores.accounts(), config,
        new PrintStream(out, true, StandardCharsets.UTF_8)));
  }

  private String printed() { return out.toString(StandardCharsets.UTF_8); }

  @Test
  void generatedOnceThenKept() {
    String key = ensure(Map.of());
    assertThat(printed()).contains("api_key:          " + key).contains("api_secret:").contains("signature_secret:");
    AccountRecord stored = await(db.stores.accounts().primary());
    assertThat(stored.apiKey()).isEqualTo(key);
    assertThat(stored.primary()).isTrue();
    String hash = stored.secretHash();

    out.reset();
    assertThat(ensure(Map.of())).isEqualTo(key);
    assertThat(printed()).isEmpty();
    assertThat(await(db.stores.accounts().primary()).secretHash()).isEqualTo(hash);
  }

  @Test
  void configuredCredentialsAreStoredAsHashAndHa1sForTheSipConnectRealm() {
    String key = ensure(Map.of("PSIP_API_KEY", "admin", "PSIP_API_SECRET", "s3cret-enough"));
    assertThat(key).isEqualTo("admin");
    assertThat(printed()).isEmpty();
    AccountRecord stored = await(db.stores.accounts().primary());
    assertThat(Secrets.verify("s3cret-enough", stored.secretHash())).isTrue();
    AccountCredentials creds = await(db.stores.accounts().credentials("admin"));
    assertThat(creds.digestRealm()).isEqualTo("sip.psip.local");
    assertThat(creds.ha1Md5()).isEqualTo(DigestVerifier.ha1(DigestAlgorithm.MD5, "admin", "sip.psip.local", "s3cret-enough"));
    assertThat(creds.ha1Sha256()).isEqualTo(DigestVerifier.ha1(DigestAlgorithm.SHA_256, "admin", "sip.psip.local", "s3cret-enough"));
    assertThat(creds.signatureSecret()).hasSize(32);

    // the same configuration again: nothing rewritten (a new hash would have a new salt)
    ensure(Map.of("PSIP_API_KEY", "admin", "PSIP_API_SECRET", "s3cret-enough"));
    assertThat(await(db.stores.accounts().primary()).secretHash()).isEqualTo(stored.secretHash());
    assertThat(await(db.stores.accounts().credentials("admin")).signatureSecret()).isEqualTo(creds.signatureSecret());
  }

  @Test
  void aNewSecretANewDomainOrANewKeyUpdateTheStoredPrimary() {
    ensure(Map.of("PSIP_API_KEY", "admin", "PSIP_API_SECRET", "first-secret"));
    String signature = await(db.stores.accounts().credentials("admin")).signatureSecret();

    ensure(Map.of("PSIP_API_KEY", "admin", "PSIP_API_SECRET", "second-secret"));
    AccountRecord stored = await(db.stores.accounts().primary());
    assertThat(Secrets.verify("second-secret", stored.secretHash())).isTrue();
    assertThat(Secrets.verify("first-secret", stored.secretHash())).isFalse();
    assertThat(await(db.stores.accounts().credentials("admin")).signatureSecret()).isEqualTo(signature);

    ensure(Map.of("PSIP_API_KEY", "admin", "PSIP_API_SECRET", "second-secret", "PSIP_SIP_DOMAIN", "voice.example.com"));
    AccountCredentials moved = await(db.stores.accounts().credentials("admin"));
    assertThat(moved.digestRealm()).isEqualTo("sip.voice.example.com");
    assertThat(moved.ha1Md5()).isEqualTo(DigestVerifier.ha1(DigestAlgorithm.MD5, "admin", "sip.voice.example.com", "second-secret"));

    assertThat(ensure(Map.of("PSIP_API_KEY", "root", "PSIP_API_SECRET", "second-secret"))).isEqualTo("root");
    assertThat(await(db.stores.accounts().primary()).apiKey()).isEqualTo("root");
    assertThat(await(db.stores.accounts().find("admin"))).isNull();

    // configuration removed: the stored primary stays
    assertThat(ensure(Map.of())).isEqualTo("root");
    assertThat(printed()).isEmpty();
  }

  @Test
  void aConfiguredSignatureSecretIsUsedAndNeverPrinted() {
    String signing = "0123456789abcdef0123456789abcdef";
    String key = ensure(Map.of("PSIP_API_SIGNATURE_SECRET", signing));
    assertThat(printed()).contains("api_secret:").doesNotContain("signature_secret").doesNotContain(signing);
    assertThat(await(db.stores.accounts().credentials(key)).signatureSecret()).isEqualTo(signing);

    String rotated = "fedcba9876543210fedcba9876543210";
    ensure(Map.of("PSIP_API_SIGNATURE_SECRET", rotated));
    assertThat(await(db.stores.accounts().credentials(key)).signatureSecret()).isEqualTo(rotated);
  }

  @Test
  void aKeyOwnedByAnotherAccountIsRefused() {
    ensure(Map.of());
    String taken = db.newAccount("customer");
    Throwable e = failure(PrimaryAccount.ensure(db.vertx, db.stores.accounts(), TestConfigs.load(Map.of(
        "PSIP_API_KEY", taken, "PSIP_API_SECRET", "whatever-secret")), new PrintStream(out)));
    assertThat(e).isInstanceOf(StoreException.Conflict.class).hasMessageContaining(taken);
  }
}
