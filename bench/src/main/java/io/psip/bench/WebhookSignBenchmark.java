package io.psip.bench;

import io.psip.webhook.impl.WebhookSigner;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The {@code Authorization} header of one webhook request (CONTRACT §4), for a 420-byte {@code answered} event body:
 * <ul>
 *   <li>{@code vertxAuthJwt}: what psip did before f24d7c4 — a claims {@link JsonObject}, {@link UUID#randomUUID()},
 *   {@code MessageDigest.getInstance} per call, {@link JWTAuth#generateToken} (one provider per secret, cached);</li>
 *   <li>{@code psip}: {@link WebhookSigner#authorization} as it is now;</li>
 *   <li>{@code part_*}: the pieces of the first, to see where it goes.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WebhookSignBenchmark {
  static final String SECRET = "s3cret-signature-key-of-acct1-0123456789";
  static final JWTOptions HS256 = new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true);

  Vertx vertx;
  JWTAuth jwt;
  WebhookSigner signer;
  Buffer body;
  JsonObject claims;

  @Setup
  public void setup() {
    vertx = Vertx.vertx();
    jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(SECRET.getBytes(StandardCharsets.UTF_8)))));
    signer = new WebhookSigner();
    body = new JsonObject()
        .put("uuid", "63f61863-4a51-4f6b-86e1-46edebcf9356").put("conversation_uuid", "CON-f972836a-550f-45fa-956c-12a2ab5b7d22")
        .put("from", "14155550100").put("to", "14155550199").put("direction", "inbound").put("status", "answered")
        .put("timestamp", "2026-11-26T09:35:21.123Z").put("start_time", "2026-11-26T09:35:21.120Z").toBuffer();
    claims = claims(body);
  }

  @TearDown
  public void tearDown() { vertx.close(); }

  @Benchmark
  public String vertxAuthJwt() { return "Bearer " + jwt.generateToken(claims(body), HS256); }

  @Benchmark
  public String psip() { return signer.authorization(SECRET, "acct1", "app-1", body); }

  @Benchmark
  public UUID part_randomUuid() { return UUID.randomUUID(); }

  @Benchmark
  public String part_sha256Hex() { return sha256Hex(body.getBytes()); }

  @Benchmark
  public String part_generateToken() { return jwt.generateToken(claims, HS256); }

  private static JsonObject claims(Buffer body) {
    return new JsonObject()
        .put("iat", System.currentTimeMillis() / 1000)
        .put("jti", UUID.randomUUID().toString())
        .put("iss", "psip")
        .put("api_key", "acct1")
        .put("application_id", "app-1")
        .put("payload_hash", sha256Hex(body.getBytes()));
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
