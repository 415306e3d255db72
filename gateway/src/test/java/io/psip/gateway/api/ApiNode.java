package io.psip.gateway.api;

import io.psip.gateway.Gateway;
import io.psip.gateway.testing.TestConfigs;
import io.psip.gateway.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole node started the way {@code Main} starts it ({@link Gateway#start}), on a fresh database of the test
 * PostgreSQL, with a known primary account; and HTTP clients for it. One per test class. {@link #restart()} starts a
 * new node on the same database and data directory.
 */
final class ApiNode implements AutoCloseable {
  static final String PRIMARY_KEY = "primary1";
  static final String PRIMARY_SECRET = "primary-secret-1";

  final String dbUrl;
  final Path dataDir;
  private final Vertx clientVertx = Vertx.vertx();
  private final WebClient web = WebClient.create(clientVertx, new WebClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(32));
  private final OpenApiCheck check;
  private Gateway gateway;

  private ApiNode(Class<?> owner) throws Exception {
    dbUrl = TestDatabase.freshDatabase(owner);
    dataDir = Files.createTempDirectory("psip-api-" + owner.getSimpleName());
    check = OpenApiCheck.load(clientVertx);
    gateway = startGateway();
  }

  static ApiNode start(Class<?> owner) {
    try {
      return new ApiNode(owner);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start a node for " + owner.getSimpleName(), e);
    }
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>(TestConfigs.loopbackEnv(dataDir));
    env.put("PSIP_DB_URL", dbUrl);
    env.put("PSIP_API_KEY", PRIMARY_KEY);
    env.put("PSIP_API_SECRET", PRIMARY_SECRET);
    return env;
  }

  private Gateway startGateway() {
    return ApiClient.await(Gateway.start(TestConfigs.load(env())));
  }

  Gateway gateway() { return gateway; }

  int port() { return gateway.httpPort(); }

  String url() { return "http://127.0.0.1:" + port(); }

  ApiClient primary() { return new ApiClient(web, port(), PRIMARY_KEY, PRIMARY_SECRET, check); }

  /** Creates an account through the API and returns a client acting as it. */
  ApiClient newAccount(String name) {
    ApiClient.Response r = primary().post("/v1/accounts", new io.vertx.core.json.JsonObject().put("name", name));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return primary().as(r.json().getString("api_key"), r.json().getString("api_secret"));
  }

  /** Stops this node and starts a new one on the same database and data directory. */
  void restart() {
    ApiClient.await(gateway.stop());
    gateway = startGateway();
  }

  @Override
  public void close() throws Exception {
    try {
      if (gateway != null) gateway.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } finally {
      web.close();
      clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
