package io.psip.gateway.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.psip.gateway.api.Bodies.application;
import static io.psip.gateway.api.Bodies.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** What every API path shares: Basic auth, the problem documents of 400/401/404/405/413/415, trace ids. */
class AuthAndErrorsApiTest {
  static ApiNode node;
  static ApiClient api;

  @BeforeAll
  static void start() {
    node = ApiNode.start(AuthAndErrorsApiTest.class);
    api = node.primary();
  }

  @AfterAll
  static void stop() throws Exception { if (node != null) node.close(); }

  @Test
  void missingUnknownAndWrongCredentialsGetTheSame401() {
    ApiClient.Response none = api.anonymous().get("/v2/applications");
    ApiClient.Response unknownKey = api.as("nosuchkey", ApiNode.PRIMARY_SECRET).get("/v2/applications");
    ApiClient.Response wrongSecret = api.as(ApiNode.PRIMARY_KEY, "wrong-secret").get("/v2/applications");
    ApiClient.Response bearer = api.anonymous().raw(HttpMethod.GET, "/v1/psip", null, Map.of("Authorization", "Bearer x"));
    ApiClient.Response garbage = api.anonymous().raw(HttpMethod.GET, "/v1/psip", null, Map.of("Authorization", "Basic ###"));
    for (ApiClient.Response r : new ApiClient.Response[] {none, unknownKey, wrongSecret, bearer, garbage}) {
      JsonObject p = problem(r, 401);
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"psip\"");
      assertThat(p.getString("title")).isEqualTo("Unauthorized");
      p.remove("instance");
      assertThat(p).isEqualTo(new JsonObject().put("type", "about:blank").put("title", "Unauthorized").put("status", 401)
          .put("detail", "missing or invalid credentials: use HTTP Basic with api_key:api_secret"));
    }
    assertThat(wrongSecret.body()).doesNotContain("wrong-secret");
  }

  @Test
  void everyOperationNeedsCredentials() {
    String id = "c49f3586-9b3b-458b-89fc-3c8beb58865c";
    ApiClient anon = api.anonymous();
    for (String path : new String[] {"/v1/accounts", "/v1/accounts/abc", "/v2/applications", "/v2/applications/" + id,
        "/v1/psip", "/v1/psip/acme1", "/v1/psip/acme1/users", "/v1/psip/acme1/users/alice", "/v1/numbers",
        "/v1/numbers/14155550100"}) {
      assertThat(anon.get(path).status()).as(path).isEqualTo(401);
    }
    assertThat(anon.post("/v2/applications", application("x")).status()).isEqualTo(401);
    assertThat(anon.delete("/v1/psip/acme1").status()).isEqualTo(401);
  }

  @Test
  void healthAndTheOpenApiDocumentNeedNoCredentials() throws Exception {
    assertThat(api.anonymous().get("/health").status()).isEqualTo(200);
    ApiClient.Response doc = api.anonymous().get("/openapi.json");
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.header("Content-Type")).isEqualTo("application/json");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
      assertThat(doc.body()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void malformedJsonIs400() {
    JsonObject p = problem(api.post("/v2/applications", "{\"name\": \"x\",}"), 400);
    assertThat(p.getString("detail")).startsWith("the request body is not valid JSON: ").contains("line 1, column");
    assertThat(problem(api.post("/v2/applications", "[1, 2]"), 400).getString("detail"))
        .isEqualTo("the request body must be a JSON object, not an array");
    assertThat(problem(api.post("/v1/psip", "\"acme1\""), 400).getString("detail"))
        .isEqualTo("the request body must be a JSON object, not a string");
    assertThat(problem(api.post("/v1/numbers", "null"), 400).getString("detail"))
        .isEqualTo("the request body must be a JSON object, not null");
    assertThat(problem(api.post("/v1/numbers", "{} {}"), 400).getString("detail")).startsWith("the request body is not valid JSON");
    assertThat(problem(api.raw(HttpMethod.POST, "/v1/numbers", null, Map.of()), 400).getString("detail"))
        .isEqualTo("the request body must be a JSON object");
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    Buffer body = Buffer.buffer(application("x").encode());
    problem(api.raw(HttpMethod.POST, "/v2/applications", body, Map.of("Content-Type", "text/plain")), 415);
    problem(api.raw(HttpMethod.POST, "/v2/applications", body, Map.of()), 415);
    problem(api.raw(HttpMethod.POST, "/v2/applications", body,
        Map.of("Content-Type", "application/x-www-form-urlencoded")), 415);
    assertThat(problem(api.raw(HttpMethod.POST, "/v2/applications", body,
        Map.of("Content-Type", "application/json; charset=iso-8859-1")), 415).getString("detail"))
        .isEqualTo("JSON must be UTF-8, not iso-8859-1");
    ApiClient.Response ok = api.raw(HttpMethod.POST, "/v2/applications", body,
        Map.of("Content-Type", "application/json; charset=UTF-8"));
    assertThat(ok.status()).isEqualTo(201);
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big = application("x").put("padding", "p".repeat(AdminApi.BODY_LIMIT)).encode();
    JsonObject p = problem(api.post("/v2/applications", big), 413);
    assertThat(p.getString("detail")).isEqualTo("the request body exceeds 65536 bytes");
    // just under the limit is read (and the unknown field ignored)
    String fits = application("x").put("padding", "p".repeat(AdminApi.BODY_LIMIT - 500)).encode();
    assertThat(api.post("/v2/applications", fits).status()).isEqualTo(201);
  }

  @Test
  void unknownPathsAre404() {
    for (String path : new String[] {"/v1/nothing", "/v2/nothing", "/v3/applications", "/v1/psip/acme1/users/alice/x",
        "/v2/applications/not-a-uuid", "/v2/applications/c49f3586-9b3b-458b-89fc-3c8beb58865c", "/v1/psip/Not_A_Name",
        "/v1/numbers/not-a-number"}) {
      JsonObject p = problem(api.get(path), 404);
      assertThat(p.getString("detail")).isEqualTo("no resource at " + path);
    }
  }

  @Test
  void wrongMethodsAre405WithAllow() {
    ApiClient.Response r = api.send(HttpMethod.DELETE, "/v1/psip", null);
    problem(r, 405);
    assertThat(r.header("Allow")).isEqualTo("GET, POST");
    r = api.send(HttpMethod.PATCH, "/v1/psip/acme1", "{}");
    problem(r, 405);
    assertThat(r.header("Allow")).isEqualTo("DELETE, GET, PUT");
    r = api.send(HttpMethod.POST, "/v1/numbers/14155550100", "{}");
    assertThat(r.header("Allow")).isEqualTo("DELETE, GET, PUT");
    r = api.send(HttpMethod.PUT, "/v1/accounts", "{}");
    assertThat(r.header("Allow")).isEqualTo("GET, POST");
    assertThat(api.send(HttpMethod.DELETE, "/health", null).status()).isEqualTo(405);
  }

  @Test
  void unknownFieldsAreIgnored() {
    JsonObject body = application("ignored-fields").put("region", "eu-west").put("keys", new JsonObject());
    body.getJsonObject("capabilities").put("rtc", new JsonObject()).getJsonObject("voice").put("conversations_ttl", 48);
    ApiClient.Response r = api.post("/v2/applications", body);
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().fieldNames()).doesNotContain("region", "keys");
    assertThat(r.json().getJsonObject("capabilities").fieldNames()).containsExactly("voice");
  }

  @Test
  void successfulAnswersCarryATraceIdAndAreNotCached() {
    ApiClient.Response r = api.get("/v2/applications");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-Trace-Id")).matches("[0-9a-f]{16}");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(api.get("/v2/applications").header("X-Trace-Id")).isNotEqualTo(r.header("X-Trace-Id"));
  }

  @Test
  void aTrailingSlashNamesTheSameCollection() {
    assertThat(api.get("/v1/psip/").status()).isEqualTo(200);
    assertThat(api.get("/v2/applications/").json().containsKey("_embedded")).isTrue();
  }

  @Test
  void pagingParametersAreValidated() {
    ApiClient.Response r = api.get("/v1/psip?page=0&page_size=101");
    problem(r, 422);
    assertThat(r.invalidNames()).containsExactly("page", "page_size");
    assertThat(api.get("/v1/numbers?page_size=abc").invalidNames()).containsExactly("page_size");
    assertThat(api.get("/v1/numbers?page=1&page=2").invalidNames()).containsExactly("page");
    assertThat(api.get("/v1/numbers?page_size=100&page=7").status()).isEqualTo(200);
  }
}
