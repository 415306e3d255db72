package io.psip.gateway.api;

import io.psip.gateway.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static io.psip.gateway.api.Bodies.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What was acknowledged survives a restart of the node; a database outage makes the API answer 503 quickly rather
 * than hang, and the node recovers by itself when the database is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PersistenceAndOutageApiTest {
  static ApiNode node;
  static String accountKey;
  static String accountSecret;

  @BeforeAll
  static void start() { node = ApiNode.start(PersistenceAndOutageApiTest.class); }

  @AfterAll
  static void stop() throws Exception {
    TestDatabase.start(); // whatever happened, leave the shared server running
    if (node != null) node.close();
  }

  @Test
  @Order(1)
  void everythingSurvivesARestart() {
    ApiClient.Response created = node.primary().post("/v1/accounts", new JsonObject().put("name", "durable"));
    accountKey = created.json().getString("api_key");
    accountSecret = created.json().getString("api_secret");
    ApiClient api = node.primary().as(accountKey, accountSecret);
    String app = Bodies.newApplication(api, "durable-app");
    JsonObject appJson = api.get("/v2/applications/" + app).json();
    JsonObject domain = Bodies.newDomain(api, "durable-pbx", app);
    JsonObject user = api.post("/v1/psip/durable-pbx/users", new JsonObject().put("key", "desk").put("secret", "desk-secret")).json();
    JsonObject number = Bodies.newNumber(api, "16175550100", app);

    node.restart();

    ApiClient again = node.primary().as(accountKey, accountSecret); // a new node: no cached credentials
    assertThat(again.get("/v2/applications/" + app).json()).isEqualTo(appJson);
    assertThat(again.get("/v1/psip/durable-pbx").json()).isEqualTo(domain);
    assertThat(again.get("/v1/psip/durable-pbx/users/desk").json()).isEqualTo(user);
    assertThat(again.get("/v1/numbers/16175550100").json()).isEqualTo(number);
    assertThat(node.primary().get("/v1/accounts/" + accountKey).status()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void aDatabaseOutageIs503QuicklyAndTheNodeRecoversByItself() throws Exception {
    ApiClient api = node.primary().as(accountKey, accountSecret);
    assertThat(api.get("/v1/psip/durable-pbx").status()).isEqualTo(200); // credentials cached
    ApiClient uncached = node.newAccount("not-yet-cached");
    TestDatabase.stop();
    try {
      for (ApiClient.Response r : new ApiClient.Response[] {
          timed(() -> api.get("/v1/psip/durable-pbx")),
          timed(() -> api.post("/v2/applications", Bodies.application("during-outage"))),
          timed(() -> uncached.get("/v1/numbers")),
          timed(() -> node.primary().as("nobody", "nothing").get("/v1/numbers"))}) {
        JsonObject p = problem(r, 503);
        assertThat(p.getString("detail")).isIn("the database is unavailable; try again shortly",
            "no answer within 5000 ms; try again shortly");
      }
      assertThat(api.anonymous().get("/health").status()).isEqualTo(503);
    } finally {
      TestDatabase.start();
    }
    ApiClient.Response back = null;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      back = api.get("/v1/psip/durable-pbx");
      if (back.status() == 200) break;
      Thread.sleep(200);
    }
    assertThat(back).isNotNull();
    assertThat(back.status()).as(back.toString()).isEqualTo(200);
    assertThat(api.get("/v2/applications").json().getJsonObject("_embedded").getJsonArray("applications").encode())
        .doesNotContain("during-outage"); // refused with 503, so not stored
    String app = Bodies.newApplication(api, "after-outage");
    assertThat(api.get("/v2/applications/" + app).status()).isEqualTo(200);
    assertThat(uncached.get("/v1/numbers").status()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void aDatabaseThatStopsAnsweringIs503AfterTheDeadlineNotAHang() throws Exception {
    ApiClient api = node.primary().as(accountKey, accountSecret);
    assertThat(api.get("/v1/psip/durable-pbx").status()).isEqualTo(200);
    String db = node.dbUrl.substring(node.dbUrl.lastIndexOf('/') + 1);
    // a transaction holding an exclusive lock: queries on the table wait, the server itself stays up
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(TestDatabase.jdbcUrl(db))) {
      c.setAutoCommit(false);
      try (java.sql.Statement st = c.createStatement()) {
        st.execute("LOCK TABLE domains IN ACCESS EXCLUSIVE MODE");
      }
      long start = System.nanoTime();
      ApiClient.Response r = api.get("/v1/psip/durable-pbx");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(problem(r, 503).getString("detail")).isIn("no answer within 5000 ms; try again shortly",
          "the database is unavailable; try again shortly");
      assertThat(ms).isBetween(1_000L, AdminApi.TIMEOUT_MS + 1_500);
      c.rollback();
    }
    assertThat(api.get("/v1/psip/durable-pbx").status()).isEqualTo(200);
  }

  /** Runs a call and asserts it was answered within the API's deadline (plus slack for a loaded machine). */
  private static ApiClient.Response timed(java.util.function.Supplier<ApiClient.Response> call) {
    long start = System.nanoTime();
    ApiClient.Response r = call.get();
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(ms).as("answered in " + ms + " ms: " + r).isLessThan(AdminApi.TIMEOUT_MS + 1_500);
    return r;
  }
}
