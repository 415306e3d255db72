package io.psip.gateway.api;

import io.psip.gateway.store.AccountRecord;
import io.psip.gateway.store.Page;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Media types, Basic credentials, the verification cache and HAL pages, without a server. */
class HttpPiecesTest {
  @Test
  void jsonMediaTypeWithUtf8AtMost() {
    for (String ok : List.of("application/json", "Application/JSON", "application/json; charset=utf-8",
        "application/json;charset=\"UTF-8\"", "application/json; charset=utf8")) {
      assertThatCode(() -> JsonBody.checkMediaType(ok)).as(ok).doesNotThrowAnyException();
    }
    for (String bad : List.of("text/plain", "application/x-www-form-urlencoded", "application/jsonp",
        "application/json; charset=iso-8859-1", "multipart/form-data; boundary=x")) {
      assertThat(catchThrowableOfType(ApiProblem.class, () -> JsonBody.checkMediaType(bad)).status()).as(bad).isEqualTo(415);
    }
    assertThat(catchThrowableOfType(ApiProblem.class, () -> JsonBody.checkMediaType(null)).status()).isEqualTo(415);
  }

  @Test
  void basicCredentials() {
    assertThat(BasicAuth.parse(basic("abcd1234:s3cr:et"))).isEqualTo(new BasicAuth.Credentials("abcd1234", "s3cr:et"));
    assertThat(BasicAuth.parse("basic " + b64("k:s"))).isEqualTo(new BasicAuth.Credentials("k", "s"));
    assertThat(BasicAuth.parse(null)).isNull();
    assertThat(BasicAuth.parse("Bearer x")).isNull();
    assertThat(BasicAuth.parse("Basic !!!")).isNull();
    assertThat(BasicAuth.parse(basic("nocolon"))).isNull();
    assertThat(BasicAuth.parse(basic(":secret"))).isNull();
    assertThat(BasicAuth.parse(basic("key:"))).isNull();
  }

  @Test
  void theCacheAnswersOnlyForTheVerifiedSecretAndOnlyUntilItExpires() {
    AtomicLong now = new AtomicLong(1_000);
    CredentialCache cache = new CredentialCache(Duration.ofMinutes(5), now::get);
    AccountRecord account = new AccountRecord("abcd1234", "acme", false, "hash", Instant.now());
    cache.put("abcd1234", "right-secret", account);
    assertThat(cache.lookup("abcd1234", "right-secret")).isSameAs(account);
    assertThat(cache.lookup("abcd1234", "wrong-secret")).isNull();
    assertThat(cache.lookup("other", "right-secret")).isNull();
    now.addAndGet(Duration.ofMinutes(5).toNanos() + 1);
    assertThat(cache.lookup("abcd1234", "right-secret")).isNull();
    assertThat(cache.size()).isZero();
    cache.put("abcd1234", "right-secret", account);
    cache.invalidate("abcd1234");
    assertThat(cache.lookup("abcd1234", "right-secret")).isNull();
  }

  @Test
  void halPagesLinkTheirNeighbours() {
    Page<String> page = new Page<>(List.of("c", "d"), 2, 2, 5);
    JsonObject json = Paging.render(page, "/v1/numbers", "numbers", s -> new JsonObject().put("msisdn", s));
    assertThat(json).isEqualTo(new JsonObject("""
        {"page_size":2,"page":2,"total_items":5,"total_pages":3,
         "_embedded":{"numbers":[{"msisdn":"c"},{"msisdn":"d"}]},
         "_links":{"self":{"href":"/v1/numbers?page=2&page_size=2"},"first":{"href":"/v1/numbers?page=1&page_size=2"},
                   "last":{"href":"/v1/numbers?page=3&page_size=2"},"prev":{"href":"/v1/numbers?page=1&page_size=2"},
                   "next":{"href":"/v1/numbers?page=3&page_size=2"}}}"""));
    JsonObject empty = Paging.render(new Page<String>(List.of(), 1, 10, 0), "/v1/psip", "domains", JsonObject::new);
    assertThat(empty.getLong("total_pages")).isZero();
    assertThat(empty.getJsonObject("_links").containsKey("next")).isFalse();
  }

  @Test
  void inMemorySlices() {
    List<Integer> all = List.of(1, 2, 3, 4, 5);
    assertThat(new Paging(2, 2).slice(all).items()).containsExactly(3, 4);
    assertThat(new Paging(3, 2).slice(all).items()).containsExactly(5);
    assertThat(new Paging(9, 2).slice(all).items()).isEmpty();
    assertThat(new Paging(9, 2).slice(all).total()).isEqualTo(5);
  }

  private static String basic(String userPass) { return "Basic " + b64(userPass); }

  private static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }
}
