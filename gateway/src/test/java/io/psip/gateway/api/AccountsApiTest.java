package io.psip.gateway.api;

import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.DigestVerifier;
import io.psip.gateway.accounts.Secrets;
import io.psip.gateway.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static io.psip.gateway.api.Bodies.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/accounts}: the primary account's alone; secrets shown once and stored so they cannot be read back. */
class AccountsApiTest {
  static ApiNode node;
  static ApiClient primary;

  @BeforeAll
  static void start() {
    node = ApiNode.start(AccountsApiTest.class);
    primary = node.primary();
  }

  @AfterAll
  static void stop() throws Exception { if (node != null) node.close(); }

  @Test
  void createShowsTheSecretsOnceAndTheNewAccountCanUseTheApi() throws Exception {
    ApiClient.Response r = primary.post("/v1/accounts", new JsonObject().put("name", "Acme Telecom"));
    assertThat(r.status()).isEqualTo(201);
    JsonObject a = r.json();
    String key = a.getString("api_key");
    String secret = a.getString("api_secret");
    assertThat(key).matches("[0-9a-f]{8}");
    assertThat(secret).hasSize(16);
    assertThat(a.getString("signature_secret")).hasSize(32);
    assertThat(a.getString("name")).isEqualTo("Acme Telecom");
    assertThat(a.getBoolean("primary")).isFalse();
    assertThat(r.header("Location")).isEqualTo("/v1/accounts/" + key);

    ApiClient acme = primary.as(key, secret);
    assertThat(acme.get("/v2/applications").status()).isEqualTo(200);
    assertThat(acme.get("/v2/applications").status()).isEqualTo(200); // the second from the verification cache
    assertThat(primary.as(key, secret + "x").get("/v2/applications").status()).isEqualTo(401);

    JsonObject shown = primary.get("/v1/accounts/" + key).json();
    assertThat(shown.fieldNames()).containsExactlyInAnyOrder("api_key", "name", "primary", "created_at", "_links");
    assertThat(shown.encode()).doesNotContain(secret).doesNotContain(a.getString("signature_secret"));

    // stored: a hash that verifies the secret, HA1s for SIP Connect's realm; never the secret itself
    try (Connection c = DriverManager.getConnection(jdbc());
         PreparedStatement q = c.prepareStatement(
             "SELECT secret_hash, digest_realm, ha1_md5, ha1_sha256, signature_secret FROM accounts WHERE api_key = ?")) {
      q.setString(1, key);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(Secrets.verify(secret, rs.getString(1))).isTrue();
        assertThat(rs.getString(1)).doesNotContain(secret);
        assertThat(rs.getString(2)).isEqualTo("sip.psip.local");
        assertThat(rs.getString(3)).isEqualTo(DigestVerifier.ha1(DigestAlgorithm.MD5, key, "sip.psip.local", secret));
        assertThat(rs.getString(4)).isEqualTo(DigestVerifier.ha1(DigestAlgorithm.SHA_256, key, "sip.psip.local", secret));
        assertThat(rs.getString(5)).isEqualTo(a.getString("signature_secret"));
      }
    }
  }

  @Test
  void listAndGet() {
    node.newAccount("list-one");
    ApiClient.Response all = primary.get("/v1/accounts?page_size=100");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().getJsonObject("_embedded").getJsonArray("accounts").stream()
        .map(o -> ((JsonObject) o).getString("name"))).contains("list-one").doesNotContain("primary");
    long total = all.json().getLong("total_items");
    ApiClient.Response page = primary.get("/v1/accounts?page_size=1&page=1");
    assertThat(page.json().getLong("total_pages")).isEqualTo(total);
    assertThat(page.json().getJsonObject("_embedded").getJsonArray("accounts")).hasSize(1);

    JsonObject me = primary.get("/v1/accounts/" + ApiNode.PRIMARY_KEY).json();
    assertThat(me.getBoolean("primary")).isTrue();
    problem(primary.get("/v1/accounts/nosuchkey"), 404);
  }

  @Test
  void onlyThePrimarySeesAccounts() {
    ApiClient other = node.newAccount("not-primary");
    for (ApiClient.Response r : new ApiClient.Response[] {
        other.post("/v1/accounts", new JsonObject().put("name", "x")), other.get("/v1/accounts"),
        other.get("/v1/accounts/" + ApiNode.PRIMARY_KEY), other.delete("/v1/accounts/" + ApiNode.PRIMARY_KEY)}) {
      assertThat(problem(r, 404).getString("detail")).startsWith("no resource at /v1/accounts");
    }
  }

  @Test
  void deletingAnAccountRevokesItsCredentialsAtOnce() {
    ApiClient.Response created = primary.post("/v1/accounts", new JsonObject().put("name", "short-lived"));
    String key = created.json().getString("api_key");
    ApiClient gone = primary.as(key, created.json().getString("api_secret"));
    String app = Bodies.newApplication(gone, "its-app");
    assertThat(gone.get("/v2/applications/" + app).status()).isEqualTo(200); // credentials now cached

    assertThat(primary.delete("/v1/accounts/" + key).status()).isEqualTo(204);
    problem(gone.get("/v2/applications/" + app), 401);
    problem(primary.get("/v1/accounts/" + key), 404);
    problem(primary.delete("/v1/accounts/" + key), 404);
  }

  @Test
  void thePrimaryCannotBeDeleted() {
    assertThat(problem(primary.delete("/v1/accounts/" + ApiNode.PRIMARY_KEY), 409).getString("detail"))
        .isEqualTo("the primary account cannot be deleted");
  }

  @Test
  void aNameIsRequired() {
    ApiClient.Response r = primary.post("/v1/accounts", new JsonObject());
    problem(r, 422);
    assertThat(r.invalidNames()).containsExactly("name");
    assertThat(primary.post("/v1/accounts", new JsonObject().put("name", "  ")).invalidNames()).containsExactly("name");
    assertThat(primary.post("/v1/accounts", new JsonObject().put("name", 7)).invalidNames()).containsExactly("name");
  }

  private static String jdbc() {
    String db = node.dbUrl.substring(node.dbUrl.lastIndexOf('/') + 1);
    return TestDatabase.jdbcUrl(db);
  }
}
