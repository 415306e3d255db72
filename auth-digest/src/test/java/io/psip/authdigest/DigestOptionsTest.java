package io.psip.authdigest;

import io.psip.auth.AuthContext;
import io.psip.directory.impl.InMemoryDirectory;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;

import static io.psip.authdigest.DigestFixture.NONCE_KEY;
import static io.psip.authdigest.DigestFixture.NONCE_KEY_B64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestOptionsTest {
  private static JsonObject withKey() { return new JsonObject().put("nonce_key", NONCE_KEY_B64); }

  @Test
  void defaults() {
    DigestOptions o = DigestOptions.from(withKey());
    assertThat(o.nonceKey()).isEqualTo(NONCE_KEY);
    assertThat(o.nonceLifetime()).isEqualTo(Duration.ofSeconds(300));
    assertThat(o.banFailures()).isEqualTo(10);
    assertThat(o.banWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.banTime()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void everyOptionIsRead() {
    DigestOptions o = DigestOptions.from(withKey().put("nonce_lifetime_s", 120).put("ban_failures", 5)
        .put("ban_window_s", 30).put("ban_time_s", 3600).put("nonce_tracking_max", 5000));
    assertThat(o).isEqualTo(new DigestOptions(NONCE_KEY, Duration.ofSeconds(120), 5, Duration.ofSeconds(30),
        Duration.ofSeconds(3600), 5000));
  }

  @Test
  void nonceKeyIsRequiredAndNeverEchoed() {
    String requirement = "auth.digest.nonce_key must be base64 of at least 16 bytes (the cluster-wide nonce key)";
    assertThatThrownBy(() -> DigestOptions.from(new JsonObject())).hasMessage(requirement + "; it is missing");
    assertThatThrownBy(() -> DigestOptions.from(new JsonObject().put("nonce_key", " "))).hasMessage(requirement + "; it is missing");
    assertThatThrownBy(() -> DigestOptions.from(new JsonObject().put("nonce_key", 12))).hasMessage(requirement + "; it is missing");
    assertThatThrownBy(() -> DigestOptions.from(new JsonObject().put("nonce_key", "c2hvcnQta2V5")))
        .hasMessage(requirement + "; it has 9");
    assertThatThrownBy(() -> DigestOptions.from(new JsonObject().put("nonce_key", "not base64 at all!secret")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(requirement + "; it is not base64")
        .message().doesNotContain("secret");
  }

  @Test
  void nonceKeyAsBytesOrUrlSafeBase64() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) key[i] = (byte) (0xf0 + i); // encodes with '+' / '-' and '/' / '_'
    assertThat(DigestOptions.from(new JsonObject().put("nonce_key", key)).nonceKey()).isEqualTo(key);
    assertThat(DigestOptions.from(new JsonObject().put("nonce_key", Base64.getUrlEncoder().withoutPadding()
        .encodeToString(key))).nonceKey()).isEqualTo(key);
    assertThat(DigestOptions.from(new JsonObject().put("nonce_key", Base64.getEncoder().encodeToString(key))).nonceKey())
        .isEqualTo(key);
  }

  @Test
  void rangesNameTheirKey() {
    assertThatThrownBy(() -> DigestOptions.from(withKey().put("nonce_lifetime_s", 5)))
        .hasMessage("auth.digest.nonce_lifetime_s must be an integer from 10 to 3600 (got 5)");
    assertThatThrownBy(() -> DigestOptions.from(withKey().put("nonce_lifetime_s", "300")))
        .hasMessage("auth.digest.nonce_lifetime_s must be an integer from 10 to 3600 (got 300)");
    assertThatThrownBy(() -> DigestOptions.from(withKey().put("nonce_lifetime_s", 30.5)))
        .hasMessage("auth.digest.nonce_lifetime_s must be an integer from 10 to 3600 (got 30.5)");
    assertThatThrownBy(() -> DigestOptions.from(withKey().put("ban_failures", 0)))
        .hasMessage("auth.ban.failures must be an integer from 1 to 1000 (got 0)");
    assertThatThrownBy(() -> DigestOptions.from(withKey().put("ban_window_s", 86_401)))
        .hasMessage("auth.ban.window_s must be an integer from 1 to 86400 (got 86401)");
    assertThatThrownBy(() -> DigestOptions.from(withKey().put("ban_time_s", -1)))
        .hasMessage("auth.ban.time_s must be an integer from 1 to 604800 (got -1)");
    assertThatThrownBy(() -> DigestOptions.from(withKey().put("ban_time_s", true)))
        .hasMessage("auth.ban.time_s must be an integer from 1 to 604800 (got true)");
    assertThat(DigestOptions.from(withKey().put("ban_time_s", 60.0)).banTime()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void unknownOptionsAndHtdigestAreRefused() {
    assertThatThrownBy(() -> DigestOptions.from(withKey().put("nonce_lifetime", 300)))
        .hasMessage("auth.digest.nonce_lifetime is not an option of the digest authenticator (known: ban_failures, "
            + "ban_time_s, ban_window_s, htdigest_file, nonce_key, nonce_lifetime_s, nonce_tracking_max)");
    assertThatThrownBy(() -> DigestOptions.from(withKey().put("htdigest_file", "/etc/psip/.htdigest")))
        .hasMessage("auth.digest.htdigest_file is not supported by this build");
  }

  @Test
  void toStringHidesTheKey() {
    DigestOptions o = DigestOptions.from(withKey());
    assertThat(o.toString()).doesNotContain(NONCE_KEY_B64).doesNotContain("0123456789abcdef").contains("banFailures=10");
  }

  @Test
  void factoryValidatesItsSection() {
    DigestAuthenticatorFactory factory = new DigestAuthenticatorFactory();
    assertThat(factory.name()).isEqualTo("digest");
    InMemoryDirectory dir = new InMemoryDirectory();
    assertThatThrownBy(() -> factory.create(new AuthContext(null, dir, null, "psip.test")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("auth.digest.nonce_key ");
    assertThat(factory.create(new AuthContext(null, dir, withKey(), "psip.test")).name()).isEqualTo("digest");
  }
}
