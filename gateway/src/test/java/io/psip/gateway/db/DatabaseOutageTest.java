package io.psip.gateway.db;

import io.psip.gateway.Gateway;
import io.psip.gateway.store.StoreException;
import io.psip.gateway.store.Stores;
import io.psip.gateway.testing.TestConfigs;
import io.psip.gateway.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.psip.gateway.directory.DirectoryAwait.awaitDirectory;
import static io.psip.gateway.store.StoreFixture.await;
import static io.psip.gateway.store.StoreFixture.domain;
import static io.psip.gateway.store.StoreFixture.failure;
import static io.psip.gateway.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away under a running node: store calls fail fast with Unavailable, /health says 503; it comes
 * back: the node recovers by itself, no restart.
 */
class DatabaseOutageTest {
  @TempDir
  static Path data;
  private static Gateway gateway;
  private static Stores stores;
  private static String account;
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() {
    Map<String, String> env = TestConfigs.loopbackEnv(data);
    env.put("PSIP_DB_URL", TestDatabase.freshDatabase(DatabaseOutageTest.class));
    gateway = await(Gateway.start(TestConfigs.load(env)));
    stores = gateway.stores();
    account = gateway.primaryApiKey();
  }

  @AfterAll
  static void stop() {
    TestDatabase.start(); // whatever happened, later test classes get a running server
    if (gateway != null) await(gateway.stop());
  }

  @Test
  void anOutageIsReportedWithinSecondsAndTheNodeRecoversWithoutARestart() throws Exception {
    UUID app = await(stores.applications().create(account, "before", voice("https://example.com/a"))).id();
    assertThat(health().statusCode()).isEqualTo(200);

    TestDatabase.stop();
    try {
      long t0 = System.nanoTime();
      assertThat(failure(stores.applications().get(account, app))).isInstanceOf(StoreException.Unavailable.class);
      assertThat(failure(stores.domains().create(domain("during-outage", account, app))))
          .isInstanceOf(StoreException.Unavailable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

      HttpResponse<String> down = awaitHealth(r -> r.statusCode() == 503);
      assertThat(new JsonObject(down.body()).getString("database")).isEqualTo("down");
      assertThat(new JsonObject(down.body()).getString("status")).isEqualTo("DOWN");
    } finally {
      TestDatabase.start();
    }

    // the pool reconnects on its own: the very next calls succeed
    assertThat(await(stores.applications().get(account, app)).name()).isEqualTo("before");
    await(stores.domains().create(domain("after-outage", account, app)));
    assertThat(await(stores.domains().get(account, "after-outage")).applicationId()).isEqualTo(app);
    HttpResponse<String> up = awaitHealth(r -> r.statusCode() == 200);
    assertThat(new JsonObject(up.body()).getString("database")).isEqualTo("up");
    awaitDirectory(gateway.directory(), () -> gateway.directory().domain("after-outage") != null);
  }

  private static HttpResponse<String> health() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/health"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** /health is cached for a second: ask until it answers as expected, for at most 5 s. */
  private static HttpResponse<String> awaitHealth(Predicate<HttpResponse<String>> expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    HttpResponse<String> r = health();
    while (!expected.test(r) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      r = health();
    }
    assertThat(expected.test(r)).as("/health answered %s %s", r.statusCode(), r.body()).isTrue();
    return r;
  }
}
