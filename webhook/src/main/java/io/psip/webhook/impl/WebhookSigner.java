package io.psip.webhook.impl;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Signs a webhook request (CONTRACT §4): an HS256 JWT with the account's signature secret carrying {@code iat},
 * {@code jti}, {@code iss: "psip"}, {@code api_key}, {@code application_id} and {@code payload_hash}, the SHA-256
 * hex of the exact body bytes sent (so an application can check the body was not altered). One {@link JWTAuth} per
 * secret, kept in a small LRU: building one parses the key, a call should not pay for that. Used on one context only.
 */
final class WebhookSigner {
  static final String ISSUER = "psip";
  private static final int CACHE_SIZE = 256;
  private static final JWTOptions HS256 = new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true);

  private final Vertx vertx;
  private final Map<String, JWTAuth> providers = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JWTAuth> eldest) { return size() > CACHE_SIZE; }
  };

  WebhookSigner(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The {@code Authorization} header value for this body. */
  String authorization(String secret, String apiKey, String applicationId, Buffer body) {
    JsonObject claims = new JsonObject()
        .put("iat", System.currentTimeMillis() / 1000)
        .put("jti", UUID.randomUUID().toString())
        .put("iss", ISSUER)
        .put("api_key", apiKey)
        .put("application_id", applicationId)
        .put("payload_hash", sha256Hex(body.getBytes()));
    return "Bearer " + providers.computeIfAbsent(secret, this::provider).generateToken(claims, HS256);
  }

  private JWTAuth provider(String secret) {
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(secret.getBytes(StandardCharsets.UTF_8)))));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
