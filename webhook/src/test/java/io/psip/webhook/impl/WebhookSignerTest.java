package io.psip.webhook.impl;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written token against vertx-auth-jwt's, which psip used before and applications verify with. */
class WebhookSignerTest {
  private static final String SECRET = "s3cret-signature-key-of-acct1-0123456789";
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() { vertx.close(); }

  @Test
  void tokenIsByteForByteTheLibrarys() throws Exception {
    WebhookSigner signer = new WebhookSigner();
    String[][] cases = {
        {"acct1", "app-1", "{\"status\":\"answered\"}"},
        {"", "", ""},
        // Jackson's escaping (quote, backslash, control characters, non-ASCII) on the fallback path
        {"a\"b\\c", "tab\there\u0001 é ü 日本 😀", "{\"from\":\"Zoë\"}"},
        {"k", "x".repeat(700), "y".repeat(5000)}, // larger than the signer's initial arrays
    };
    long[] iats = {1_764_150_000L, 0, 9, 10, Long.MAX_VALUE, -1};
    int k = 0;
    for (String[] c : cases) {
      for (String secret : new String[] {SECRET, "another secret", "é"}) {
        Buffer body = Buffer.buffer(c[2]);
        long iat = iats[k++ % iats.length];
        UUID jti = UUID.randomUUID();
        JsonObject claims = new JsonObject().put("iat", iat).put("jti", jti.toString()).put("iss", "psip")
            .put("api_key", c[0]).put("application_id", c[1]).put("payload_hash", sha256(body));
        String expected = library(secret).generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
        assertThat(signer.authorization(secret, c[0], c[1], body, iat, jti)).isEqualTo("Bearer " + expected);
      }
    }
  }

  @Test
  void freshTokensVerifyAndCarryAVersion4UniqueJti() throws Exception {
    WebhookSigner signer = new WebhookSigner();
    Buffer body = Buffer.buffer("{\"status\":\"ringing\"}");
    Set<String> jtis = new HashSet<>();
    for (int i = 0; i < 100; i++) { // past the 16 ids drawn at a time
      String token = signer.authorization(SECRET, "acct1", "app-1", body).substring("Bearer ".length());
      library(SECRET).authenticate(new TokenCredentials(token)).await(5, TimeUnit.SECONDS);
      JsonObject claims = new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.split("\\.")[1])));
      UUID jti = UUID.fromString(claims.getString("jti"));
      assertThat(jti.version()).isEqualTo(4);
      assertThat(jti.variant()).isEqualTo(2);
      assertThat(jti.toString()).isEqualTo(claims.getString("jti"));
      jtis.add(claims.getString("jti"));
      assertThat(claims.getLong("iat")).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
      assertThat(claims.getString("payload_hash")).isEqualTo(sha256(body));
    }
    assertThat(jtis).hasSize(100);
  }

  @Test
  void base64UrlMatchesTheJdks() {
    Random random = new Random(7);
    for (int length = 0; length < 70; length++) {
      byte[] src = new byte[length];
      random.nextBytes(src);
      byte[] dst = new byte[3 + (length + 2) / 3 * 4];
      int end = WebhookSigner.base64Url(src, length, dst, 3);
      assertThat(new String(dst, 3, end - 3, StandardCharsets.US_ASCII))
          .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(src));
    }
  }

  private JWTAuth library(String secret) {
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
        .setBuffer(Buffer.buffer(secret.getBytes(StandardCharsets.UTF_8)))));
  }

  private static String sha256(Buffer body) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
  }
}
