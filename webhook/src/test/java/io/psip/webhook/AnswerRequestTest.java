package io.psip.webhook;

import io.psip.bus.AnswerReply;
import io.psip.directory.AccountEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static io.psip.webhook.AppServer.ncco;
import static io.psip.webhook.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** What the application receives: method, encoding, headers and the signature (CONTRACT §4). */
class AnswerRequestTest extends WebhookFixture {
  private static final String HEADER_VALUE = "a, b,c; ünïcødé € & x=1+2 %41";

  @Test
  void getSendsEveryFieldInTheQueryAfterTheUrlsOwn() {
    application(get(app.url("/answer?token=abc%20d")), null, null);
    app.on("/answer", ncco("[]"));
    JsonObject params = params().put("SipHeader_X-Foo", HEADER_VALUE).put("sip_source", "192.0.2.1:5060")
        .put("custom_data", new JsonObject().put("k", 1)).put("count", 3).putNull("absent");

    assertThat(answer(params, 5000)).isInstanceOf(AnswerReply.Ncco.class);

    AppServer.Received r = app.received("/answer").get(0);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.params().get("token")).isEqualTo("abc d");
    assertThat(r.params().get("SipHeader_X-Foo")).isEqualTo(HEADER_VALUE);
    assertThat(r.params().get("sip_source")).isEqualTo("192.0.2.1:5060");
    assertThat(r.params().get("to")).isEqualTo("442079460000");
    assertThat(r.params().get("count")).isEqualTo("3");
    assertThat(new JsonObject(r.params().get("custom_data"))).isEqualTo(new JsonObject().put("k", 1));
    assertThat(r.params().contains("absent")).isFalse();
    assertThat(r.uri()).startsWith("/answer?token=abc%20d&").contains("SipHeader_X-Foo=a%2C%20b%2Cc");
    assertThat(r.body().length()).isZero();
    assertThat(r.headers().get("User-Agent")).isEqualTo("psip/dev");
    assertThat(r.headers().get("Host")).isEqualTo("127.0.0.1:" + app.port());
    assertJwt(r, Buffer.buffer());
  }

  @Test
  void postSendsAJsonBodySignedOverItsExactBytes() {
    application(post(app.url("/answer")), null, null);
    app.on("/answer", ncco("[]"));
    JsonObject params = params().put("SipHeader_X-Foo", HEADER_VALUE);

    assertThat(answer(params, 5000)).isInstanceOf(AnswerReply.Ncco.class);

    AppServer.Received r = app.received("/answer").get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(r.body().toJsonObject()).isEqualTo(params);
    assertThat(r.uri()).isEqualTo("/answer");
    assertJwt(r, r.body());
  }

  @Test
  void anIpv6LiteralGoesInBracketsInHost() {
    AppServer v6;
    try {
      v6 = AppServer.start(vertx, "::1");
    } catch (AssertionError e) {
      Assumptions.abort("no IPv6 loopback here");
      return;
    }
    try {
      application(get("http://[::1]:" + v6.port() + "/answer"), null, null);
      v6.on("/answer", ncco("[]"));

      assertThat(answer()).isInstanceOf(AnswerReply.Ncco.class);
      assertThat(v6.received("/answer").get(0).headers().get("Host")).isEqualTo("[::1]:" + v6.port());
    } finally {
      v6.stop();
    }
  }

  @Test
  void unsignedWhenTheApplicationTurnedSigningOff() {
    application(post(app.url("/answer")), null, null, false);
    app.on("/answer", ncco("[]"));

    answer();

    assertThat(app.received("/answer").get(0).headers().contains("Authorization")).isFalse();
  }

  @Test
  void unsignedWhenTheAccountHasNoSignatureSecret() {
    upsert(new AccountEntry(API_KEY, "Account one", "ha1", "ha1-256", ""));
    application(post(app.url("/answer")), null, null);
    app.on("/answer", ncco("[]"));

    assertThat(answer()).isInstanceOf(AnswerReply.Ncco.class);

    assertThat(app.received("/answer").get(0).headers().contains("Authorization")).isFalse();
  }

  @Test
  void aMetadataAddressIsRefusedWithoutAnyConnection() {
    application(get("http://169.254.169.254/latest/meta-data/"), null, null);

    long start = System.nanoTime();
    AnswerReply reply = answer();

    assertThat(reply).isEqualTo(new AnswerReply.Failed(503,
        "answer_url: address 169.254.169.254 of host 169.254.169.254 is in the webhook deny list", 0));
    assertThat(System.nanoTime() - start).isLessThan(900_000_000L); // no 1 s connect timeout was waited for
  }

  @Test
  void aHostNameIsResolvedAndEveryAddressChecked() {
    deploy(new WebhookOptions().setDeny(List.of("127.0.0.0/8")));
    application(get("http://localhost:" + app.port() + "/answer"), null, null);
    app.on("/answer", ncco("[]"));

    assertThat(answer()).isEqualTo(new AnswerReply.Failed(503,
        "answer_url: address 127.0.0.1 of host localhost is in the webhook deny list", 0));
    assertThat(app.all()).isEmpty();
  }

  @Test
  void aDeniedAnswerUrlStillTriesTheFallback() {
    deploy(new WebhookOptions().setDeny(List.of("169.254.0.0/16")));
    application(get("http://169.254.1.1/answer"), post(app.url("/fallback")), null);
    app.on("/fallback", ncco("[]"));

    assertThat(answer()).isInstanceOf(AnswerReply.Ncco.class);
    assertThat(app.received("/fallback").get(0).body().toJsonObject().getString("reason"))
        .isEqualTo("address 169.254.1.1 of host 169.254.1.1 is in the webhook deny list");
  }

  @Test
  void otherSchemesAreRefused() {
    application(get("ftp://127.0.0.1/answer"), null, null);

    assertThat(answer()).isEqualTo(new AnswerReply.Failed(503,
        "answer_url: scheme 'ftp' is not allowed (only http and https)", 0));
  }

  /** Verifies the token with the account's secret as an application would, and every claim. */
  private void assertJwt(AppServer.Received r, Buffer body) {
    String authorization = r.headers().get("Authorization");
    assertThat(authorization).startsWith("Bearer ");
    JWTAuth verifier = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
    String token = authorization.substring(7);
    await(verifier.authenticate(new TokenCredentials(token))); // fails unless HS256 with the account's secret
    JsonObject header = new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.split("\\.")[0])));
    assertThat(header.getString("alg")).isEqualTo("HS256");
    JsonObject claims = new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.split("\\.")[1])));
    assertThat(claims.fieldNames()).containsExactlyInAnyOrder("iat", "jti", "iss", "api_key", "application_id", "payload_hash");
    assertThat(claims.getString("iss")).isEqualTo("psip");
    assertThat(claims.getString("api_key")).isEqualTo(API_KEY);
    assertThat(claims.getString("application_id")).isEqualTo(APP_ID);
    assertThat(UUID.fromString(claims.getString("jti"))).isNotNull();
    assertThat(claims.getLong("iat")).isBetween(System.currentTimeMillis() / 1000 - 30, System.currentTimeMillis() / 1000 + 1);
    assertThat(claims.getString("payload_hash")).isEqualTo(sha256(body));

    JWTAuth wrongKey = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another secret")));
    assertThat(wrongKey.authenticate(new TokenCredentials(token))
        .toCompletionStage().toCompletableFuture()).failsWithin(java.time.Duration.ofSeconds(5));
  }

  private static String sha256(Buffer body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
