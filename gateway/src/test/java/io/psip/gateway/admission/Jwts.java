package io.psip.gateway.admission;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Verifies a webhook's {@code Authorization: Bearer} JWT by hand (RFC 7519 / RFC 7518 §3.2 HS256): no JWT library. */
final class Jwts {
  private Jwts() {}

  /** Checks the header and the HMAC with {@code secret}; returns the claims. */
  static JsonObject verifyHs256(String authorization, String secret) {
    assertThat(authorization).as("Authorization header").isNotNull().startsWith("Bearer ");
    String[] parts = authorization.substring("Bearer ".length()).trim().split("\\.");
    assertThat(parts).as("a JWT has three parts").hasSize(3);
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    assertThat(header.getString("alg")).isEqualTo("HS256");
    assertThat(signatureMatches(parts, secret)).as("HS256 signature with the account's signature secret").isTrue();
    return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  static boolean signatureMatches(String authorization, String secret) {
    return signatureMatches(authorization.substring("Bearer ".length()).trim().split("\\."), secret);
  }

  private static boolean signatureMatches(String[] parts, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((parts[0] + '.' + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(String body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
