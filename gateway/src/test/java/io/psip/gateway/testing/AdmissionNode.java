package io.psip.gateway.testing;

import io.psip.directory.Directory;
import io.psip.gateway.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A whole psip node for admission tests, in-process on loopback with ephemeral ports, on a fresh database of the test
 * PostgreSQL; the application it calls ({@link AppServer}); and provisioning through the real admin REST API over HTTP,
 * each change awaited in the node's directory. {@code sip.domain} is {@value #SIP_DOMAIN}, regions {@code us,eu}.
 * One per test class.
 */
public final class AdmissionNode implements AutoCloseable {
  public static final String SIP_DOMAIN = "psip.test";
  public static final String PRIMARY_KEY = "primary1";
  public static final String PRIMARY_SECRET = "primary-secret-1";

  /** An account made through {@code POST /v1/accounts}, with the secrets shown only there. */
  public record Account(String apiKey, String apiSecret, String signatureSecret) {}

  /** An HTTP answer of the admin API. */
  public record ApiResponse(int status, String body) {
    public JsonObject json() { return new JsonObject(body); }
  }

  public final Vertx vertx = Vertx.vertx();
  public final AppServer app;
  /** Where {@link #connectNcco()} connects to: answers 486. */
  public final BusyUas endpoint = BusyUas.start();
  public final Gateway gateway;
  public final String database;
  private final Path dataDir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private AdmissionNode(Class<?> owner, Map<String, String> extraEnv) throws Exception {
    app = AppServer.start(vertx);
    database = TestDatabase.createDatabase(owner.getSimpleName());
    dataDir = Files.createTempDirectory("psip-admission-" + owner.getSimpleName());
    Map<String, String> env = new HashMap<>(TestConfigs.loopbackEnv(dataDir));
    env.put("PSIP_DB_URL", TestDatabase.url(database));
    env.put("PSIP_API_KEY", PRIMARY_KEY);
    env.put("PSIP_API_SECRET", PRIMARY_SECRET);
    env.put("PSIP_SIP_DOMAIN", SIP_DOMAIN);
    env.put("PSIP_SIP_REGIONS", "us,eu");
    env.putAll(extraEnv);
    gateway = AppServer.await(Gateway.start(vertx, TestConfigs.load(env)), 60);
  }

  /** Starts a node; {@code env} adds or overrides {@code PSIP_*} variables. */
  public static AdmissionNode start(Class<?> owner, Map<String, String> env) {
    try {
      return new AdmissionNode(owner, env);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start a node for " + owner.getSimpleName(), e);
    }
  }

  /** A valid, supported NCCO: {@code connect} to {@link #endpoint}, which answers 486 Busy Here. */
  public String connectNcco() {
    return "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"sip\",\"uri\":\"" + endpoint.uri() + "\"}]}]";
  }

  public int udpPort() { return gateway.udpPort(); }

  public int tcpPort() { return gateway.tcpPort(); }

  public Directory directory() { return gateway.directory(); }

  /** {@code <name>.sip-<region>.psip.test} */
  public static String domainHost(String name, String region) { return name + ".sip-" + region + '.' + SIP_DOMAIN; }

  public static String sipConnectHost() { return "sip." + SIP_DOMAIN; }

  // ---------------------------------------------------------------- provisioning over the admin API

  public ApiResponse api(String method, String path, JsonObject body, String key, String secret) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((key + ':' + secret).getBytes(StandardCharsets.UTF_8)));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new ApiResponse(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(method + ' ' + path + " failed", e);
    }
  }

  private JsonObject created(String method, String path, JsonObject body, Account as) {
    ApiResponse r = as == null ? api(method, path, body, PRIMARY_KEY, PRIMARY_SECRET)
        : api(method, path, body, as.apiKey(), as.apiSecret());
    if (r.status() != 201 && r.status() != 200) {
      throw new AssertionError(method + ' ' + path + ' ' + body + " → " + r.status() + ' ' + r.body());
    }
    return r.body().isEmpty() ? new JsonObject() : r.json();
  }

  /** A new account; its signature secret signs its webhooks. */
  public Account newAccount(String name) {
    JsonObject r = created("POST", "/v1/accounts", new JsonObject().put("name", name), null);
    Account a = new Account(r.getString("api_key"), r.getString("api_secret"), r.getString("signature_secret"));
    awaitDirectory(() -> directory().account(a.apiKey()) != null);
    return a;
  }

  /** What an application's webhooks look like; each case gets its own path prefix on the {@link AppServer}. */
  public record AppSpec(String prefix, String answerMethod, boolean signed, boolean fallback, String eventMethod,
                        String answerAddress) {
    public static AppSpec get(String prefix) { return new AppSpec(prefix, "GET", true, true, "POST", null); }

    public AppSpec method(String m) { return new AppSpec(prefix, m, signed, fallback, eventMethod, answerAddress); }

    public AppSpec unsigned() { return new AppSpec(prefix, answerMethod, false, fallback, eventMethod, answerAddress); }

    public AppSpec noFallback() { return new AppSpec(prefix, answerMethod, signed, false, eventMethod, answerAddress); }

    /** An answer_url elsewhere than the test's application (fallback and event_url stay there). */
    public AppSpec answerAt(String url) { return new AppSpec(prefix, answerMethod, signed, fallback, eventMethod, url); }

    public String answerPath() { return prefix + "/answer"; }

    public String fallbackPath() { return prefix + "/fallback"; }

    public String eventPath() { return prefix + "/event"; }
  }

  private JsonObject hook(String path, String method) { return hookAt(app.url(path), method); }

  private static JsonObject hookAt(String url, String method) {
    return new JsonObject().put("address", url).put("http_method", method)
        .put("connect_timeout", 300).put("socket_timeout", 1000);
  }

  /** Creates an application of {@code owner} and waits until the directory has it; returns its id. */
  public String newApplication(Account owner, AppSpec spec) {
    JsonObject webhooks = new JsonObject()
        .put("answer_url", spec.answerAddress() != null ? hookAt(spec.answerAddress(), spec.answerMethod())
            : hook(spec.answerPath(), spec.answerMethod()))
        .put("event_url", hook(spec.eventPath(), spec.eventMethod()));
    if (spec.fallback()) webhooks.put("fallback_answer_url", hook(spec.fallbackPath(), "GET"));
    JsonObject body = new JsonObject().put("name", "app" + spec.prefix().replace('/', '-'))
        .put("capabilities", new JsonObject().put("voice", new JsonObject()
            .put("webhooks", webhooks).put("signed_callbacks", spec.signed())));
    String id = created("POST", "/v2/applications", body, owner).getString("id");
    awaitDirectory(() -> directory().application(id) != null);
    return id;
  }

  /** Creates a PSIP domain; returns the API's answer (its {@code acl} is the normalised list). */
  public JsonObject newDomain(Account owner, String name, String applicationId, List<String> acl, boolean digestAuth) {
    JsonObject body = new JsonObject().put("name", name).put("application_id", applicationId)
        .put("acl", new JsonArray(acl)).put("digest_auth", digestAuth);
    JsonObject r = created("POST", "/v1/psip", body, owner);
    awaitDirectory(() -> directory().domain(name) != null);
    return r;
  }

  public void newDomainUser(Account owner, String domain, String key, String secret) {
    created("POST", "/v1/psip/" + domain + "/users", new JsonObject().put("key", key).put("secret", secret), owner);
    awaitDirectory(() -> directory().domainUser(domain, key) != null);
  }

  /** Buys {@code msisdn} for {@code owner}, linked to {@code applicationId} (or unlinked when null). */
  public void newNumber(Account owner, String msisdn, String applicationId) {
    JsonObject body = new JsonObject().put("msisdn", msisdn);
    if (applicationId != null) body.put("application_id", applicationId);
    created("POST", "/v1/numbers", body, owner);
    awaitDirectory(() -> directory().number(msisdn) != null
        && (applicationId == null || applicationId.equals(directory().number(msisdn).applicationId())));
  }

  public void awaitDirectory(BooleanSupplier condition) {
    Waits.until(() -> {
      try {
        return condition.getAsBoolean();
      } catch (RuntimeException notYet) {
        return false;
      }
    }, Duration.ofSeconds(10), () -> "the directory did not reach the expected state");
  }

  /** The cluster-wide digest nonce key, read from the database (to craft expired nonces). */
  public byte[] digestNonceKey() {
    try (var c = java.sql.DriverManager.getConnection(TestDatabase.jdbcUrl(database));
         var s = c.prepareStatement("SELECT value FROM cluster_keys WHERE name = 'digest_nonce'")) {
      try (var rs = s.executeQuery()) {
        if (!rs.next()) throw new AssertionError("no digest_nonce key in cluster_keys");
        return rs.getBytes(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (gateway != null) gateway.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } finally {
      endpoint.close();
      app.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
