package io.psip.gateway.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.psip.gateway.api.Bodies.domain;
import static io.psip.gateway.api.Bodies.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second account probes every path of the first by its real ids and names: always 404 with nothing but the path it
 * asked for, never 403; it cannot use the first's application; its lists never show the first's items; and the
 * first's resources come through untouched.
 */
class TenantIsolationApiTest {
  static ApiNode node;
  static ApiClient alice;
  static ApiClient mallory;
  static String app;
  static JsonObject appJson;
  static JsonObject domainJson;
  static JsonObject userJson;
  static JsonObject numberJson;

  @BeforeAll
  static void start() {
    node = ApiNode.start(TenantIsolationApiTest.class);
    alice = node.newAccount("alice");
    mallory = node.newAccount("mallory");
    app = Bodies.newApplication(alice, "alice-app");
    appJson = alice.get("/v2/applications/" + app).json();
    domainJson = Bodies.newDomain(alice, "alice-pbx", app);
    userJson = alice.post("/v1/psip/alice-pbx/users", new JsonObject().put("key", "desk1").put("secret", "desk1-secret")).json();
    numberJson = Bodies.newNumber(alice, "14155550123", app);
  }

  @AfterAll
  static void stop() throws Exception { if (node != null) node.close(); }

  @Test
  void everyPathOfAnotherAccountIs404WithNoData() {
    String mine = Bodies.newApplication(mallory, "mallory-app");
    JsonObject appBody = Bodies.application("stolen");
    JsonObject domainBody = domain("alice-pbx", mine, "203.0.113.0/24");
    JsonObject userBody = new JsonObject().put("key", "desk1").put("secret", "mallory-secret");
    List<Probe> probes = List.of(
        new Probe("GET app", "/v2/applications/" + app, () -> mallory.get("/v2/applications/" + app)),
        new Probe("PUT app", "/v2/applications/" + app, () -> mallory.put("/v2/applications/" + app, appBody)),
        new Probe("DELETE app", "/v2/applications/" + app, () -> mallory.delete("/v2/applications/" + app)),
        new Probe("GET domain", "/v1/psip/alice-pbx", () -> mallory.get("/v1/psip/alice-pbx")),
        new Probe("PUT domain", "/v1/psip/alice-pbx", () -> mallory.put("/v1/psip/alice-pbx", domainBody)),
        new Probe("DELETE domain", "/v1/psip/alice-pbx", () -> mallory.delete("/v1/psip/alice-pbx")),
        new Probe("POST user", "/v1/psip/alice-pbx/users", () -> mallory.post("/v1/psip/alice-pbx/users", userBody)),
        new Probe("GET users", "/v1/psip/alice-pbx/users", () -> mallory.get("/v1/psip/alice-pbx/users")),
        new Probe("GET user", "/v1/psip/alice-pbx/users/desk1", () -> mallory.get("/v1/psip/alice-pbx/users/desk1")),
        new Probe("PUT user", "/v1/psip/alice-pbx/users/desk1", () -> mallory.put("/v1/psip/alice-pbx/users/desk1", userBody)),
        new Probe("DELETE user", "/v1/psip/alice-pbx/users/desk1", () -> mallory.delete("/v1/psip/alice-pbx/users/desk1")),
        new Probe("GET number", "/v1/numbers/14155550123", () -> mallory.get("/v1/numbers/14155550123")),
        new Probe("PUT number", "/v1/numbers/14155550123",
            () -> mallory.put("/v1/numbers/14155550123", new JsonObject().put("application_id", mine))),
        new Probe("unlink number", "/v1/numbers/14155550123",
            () -> mallory.put("/v1/numbers/14155550123", new JsonObject().putNull("application_id"))),
        new Probe("DELETE number", "/v1/numbers/14155550123", () -> mallory.delete("/v1/numbers/14155550123")),
        new Probe("GET accounts", "/v1/accounts", () -> mallory.get("/v1/accounts")),
        new Probe("GET account", "/v1/accounts/" + ApiNode.PRIMARY_KEY, () -> mallory.get("/v1/accounts/" + ApiNode.PRIMARY_KEY)));
    List<String> failures = new ArrayList<>();
    for (Probe p : probes) {
      ApiClient.Response r = p.call.get();
      if (r.status() != 404) {
        failures.add(p.what + " -> " + r);
        continue;
      }
      JsonObject problem = problem(r, 404);
      problem.remove("instance");
      // exactly the generic answer: nothing of alice's, not even that something is there
      assertThat(problem).as(p.what).isEqualTo(new JsonObject().put("type", "about:blank").put("title", "Not Found")
          .put("status", 404).put("detail", "no resource at " + p.path));
    }
    assertThat(failures).isEmpty();

    // and alice's resources are as they were
    assertThat(alice.get("/v2/applications/" + app).json()).isEqualTo(appJson);
    assertThat(alice.get("/v1/psip/alice-pbx").json()).isEqualTo(domainJson);
    assertThat(alice.get("/v1/psip/alice-pbx/users/desk1").json()).isEqualTo(userJson);
    assertThat(alice.get("/v1/numbers/14155550123").json()).isEqualTo(numberJson);
  }

  @Test
  void anotherAccountsApplicationCannotBeUsed() {
    assertThat(mallory.post("/v1/psip", domain("mallory-pbx", app)).invalidNames()).containsExactly("application_id");
    assertThat(mallory.post("/v1/numbers", new JsonObject().put("msisdn", "14155550999").put("application_id", app))
        .invalidNames()).containsExactly("application_id");
    String mine = Bodies.newApplication(mallory, "mallory-own");
    Bodies.newDomain(mallory, "mallory-pbx2", mine);
    assertThat(mallory.put("/v1/psip/mallory-pbx2", new JsonObject().put("application_id", app)).invalidNames())
        .containsExactly("application_id");
    Bodies.newNumber(mallory, "14155550998", null);
    assertThat(mallory.put("/v1/numbers/14155550998", new JsonObject().put("application_id", app)).invalidNames())
        .containsExactly("application_id");
    // the answer is the same as for an application that does not exist at all
    assertThat(mallory.put("/v1/numbers/14155550998", new JsonObject().put("application_id", "c49f3586-9b3b-458b-89fc-3c8beb58865c"))
        .json().getJsonArray("invalid_parameters"))
        .isEqualTo(mallory.put("/v1/numbers/14155550998", new JsonObject().put("application_id", app)).json().getJsonArray("invalid_parameters"));
  }

  @Test
  void listsShowOnlyTheCallersItems() {
    ApiClient fresh = node.newAccount("fresh");
    for (String list : List.of("/v2/applications", "/v1/psip", "/v1/numbers")) {
      JsonObject page = fresh.get(list).json();
      assertThat(page.getLong("total_items")).as(list).isZero();
      assertThat(page.encode()).doesNotContain(app).doesNotContain("alice-pbx").doesNotContain("14155550123");
    }
    String malloryLists = mallory.get("/v2/applications?page_size=100").body() + mallory.get("/v1/psip?page_size=100").body()
        + mallory.get("/v1/numbers?page_size=100").body();
    assertThat(malloryLists).doesNotContain(app).doesNotContain("alice-pbx").doesNotContain("14155550123");
    assertThat(alice.get("/v1/psip").json().getLong("total_items")).isEqualTo(1);
  }

  private record Probe(String what, String path, Supplier<ApiClient.Response> call) {}
}
