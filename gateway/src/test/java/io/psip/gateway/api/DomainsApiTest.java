package io.psip.gateway.api;

import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.DigestVerifier;
import io.psip.directory.DomainEntry;
import io.psip.gateway.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static io.psip.gateway.api.Bodies.domain;
import static io.psip.gateway.api.Bodies.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/psip} and its users: CONTRACT §2's domain rules, uniqueness across accounts, write-only secrets. */
class DomainsApiTest {
  static ApiNode node;
  static ApiClient api;
  static String app;

  @BeforeAll
  static void start() {
    node = ApiNode.start(DomainsApiTest.class);
    api = node.newAccount("domains");
    app = Bodies.newApplication(api, "domains-app");
  }

  @AfterAll
  static void stop() throws Exception { if (node != null) node.close(); }

  @Test
  void createNormalisesTheAclAndFillsInDefaults() {
    ApiClient.Response r = api.post("/v1/psip", domain("acme-pbx", app, "50.127.127.0/29", "192.168.0.1", "2001:DB8:0::1",
        "::ffff:203.0.113.9", "2001:db8:1::/48"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Location")).isEqualTo("/v1/psip/acme-pbx");
    JsonObject d = r.json();
    assertThat(d.getString("name")).isEqualTo("acme-pbx");
    assertThat(d.getString("application_id")).isEqualTo(app);
    assertThat(d.getJsonArray("acl")).containsExactly("50.127.127.0/29", "192.168.0.1/32", "2001:db8::1/128",
        "203.0.113.9/32", "2001:db8:1::/48");
    assertThat(d.getBoolean("digest_auth")).isFalse();
    assertThat(d.getString("tls")).isEqualTo("optional");
    assertThat(d.getString("srtp")).isEqualTo("optional");
    assertThat(d.getString("domain_type")).isEqualTo("app");
    assertThat(api.get("/v1/psip/acme-pbx").json()).isEqualTo(d);
  }

  @Test
  void vonagesExampleRequestAndStringBooleans() {
    JsonObject body = new JsonObject().put("name", "mydomain").put("application_id", app).put("tls", "always")
        .put("digest_auth", "True").put("srtp", "always").put("acl", new JsonArray().add("50.127.127.0/29").add("50.128.128.0/29"))
        .put("domain_type", "trunk");
    JsonObject d = api.post("/v1/psip", body).json();
    assertThat(d.getBoolean("digest_auth")).isTrue();
    assertThat(d.getString("tls")).isEqualTo("always");
    assertThat(d.getString("domain_type")).isEqualTo("trunk");
  }

  @Test
  void anEmptyAclWithoutDigestIsAllowed() {
    ApiClient.Response r = api.post("/v1/psip", new JsonObject().put("name", "closed-door").put("application_id", app));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().getJsonArray("acl")).isEmpty();
  }

  @Test
  void everyInvalidFieldIsNamedAtOnce() {
    JsonObject body = new JsonObject().put("name", "-bad").put("application_id", "nope")
        .put("acl", new JsonArray().add("10.0.0.7/24").add("10.0.0.1").add("10.0.0.1/32").add("pbx.example.com").add(true))
        .put("digest_auth", "sometimes").put("tls", "required").put("srtp", 1).put("domain_type", "sip");
    ApiClient.Response r = api.post("/v1/psip", body);
    JsonObject p = problem(r, 422);
    assertThat(r.invalidNames()).containsExactly("name", "application_id", "acl[0]", "acl[2]", "acl[3]", "acl[4]",
        "digest_auth", "tls", "srtp", "domain_type");
    assertThat(p.getJsonArray("invalid_parameters").getJsonObject(2).getString("reason"))
        .isEqualTo("has host bits set: the network of /24 is 10.0.0.0/24");
    assertThat(p.getJsonArray("invalid_parameters").getJsonObject(3).getString("reason")).isEqualTo("repeats acl[1] (10.0.0.1/32)");
    assertThat(api.post("/v1/psip", new JsonObject()).invalidNames()).containsExactly("name", "application_id");
    for (String name : List.of("abcd", "a".repeat(33), "Acme1", "acme_1", "acme.1", "acme-", "-acme")) {
      assertThat(api.post("/v1/psip", domain(name, app)).invalidNames()).as(name).containsExactly("name");
    }
    List<Object> seventeen = new ArrayList<>();
    for (int i = 0; i < 17; i++) seventeen.add("198.51.100." + i);
    assertThat(api.post("/v1/psip", domain("too-many", app).put("acl", new JsonArray(seventeen))).invalidNames())
        .containsExactly("acl");
    assertThat(api.post("/v1/psip", domain("sixteen", app).put("acl", new JsonArray(seventeen.subList(0, 16)))).status())
        .isEqualTo(201);
    assertThat(api.post("/v1/psip", domain("a2345678901234567890123456789012", app)).status()).isEqualTo(201);
  }

  @Test
  void namesAreUniqueAcrossAccounts() {
    Bodies.newDomain(api, "taken-name", app);
    assertThat(problem(api.post("/v1/psip", domain("taken-name", app)), 409).getString("detail"))
        .isEqualTo("the domain name taken-name is taken");
    ApiClient other = node.newAccount("domains-other");
    String otherApp = Bodies.newApplication(other, "other-app");
    problem(other.post("/v1/psip", domain("taken-name", otherApp)), 409);
    assertThat(api.get("/v1/psip/taken-name").json().getString("application_id")).isEqualTo(app);
  }

  @Test
  void theApplicationMustBeTheCallers() {
    ApiClient other = node.newAccount("domains-foreign");
    String foreign = Bodies.newApplication(other, "foreign-app");
    ApiClient.Response r = api.post("/v1/psip", domain("foreign-app", foreign));
    assertThat(problem(r, 422).getJsonArray("invalid_parameters").getJsonObject(0))
        .isEqualTo(new JsonObject().put("name", "application_id").put("reason", "is not one of your applications"));
    assertThat(api.post("/v1/psip", domain("no-such-app", "c49f3586-9b3b-458b-89fc-3c8beb58865c")).invalidNames())
        .containsExactly("application_id");
    Bodies.newDomain(api, "relinked", app);
    assertThat(api.put("/v1/psip/relinked", new JsonObject().put("application_id", foreign)).invalidNames())
        .containsExactly("application_id");
    problem(api.get("/v1/psip/foreign-app"), 404);
  }

  @Test
  void putReplacesTheDomainAndTheDirectorySeesIt() throws Exception {
    Bodies.newDomain(api, "updatable", app);
    String app2 = Bodies.newApplication(api, "second-app");
    JsonObject change = new JsonObject().put("application_id", app2).put("acl", new JsonArray().add("198.51.100.0/24"))
        .put("digest_auth", "TRUE").put("tls", "never");
    ApiClient.Response r = api.put("/v1/psip/updatable", change);
    assertThat(r.status()).isEqualTo(200);
    JsonObject d = r.json();
    assertThat(d.getString("application_id")).isEqualTo(app2);
    assertThat(d.getJsonArray("acl")).containsExactly("198.51.100.0/24");
    assertThat(d.getBoolean("digest_auth")).isTrue();
    assertThat(d.getString("tls")).isEqualTo("never");
    assertThat(d.getString("srtp")).isEqualTo("optional");
    assertThat(api.get("/v1/psip/updatable").json()).isEqualTo(d);

    // the node's in-memory directory follows without a restart
    DomainEntry entry = null;
    for (int i = 0; i < 100; i++) {
      entry = node.gateway().directory().domain("updatable");
      if (entry != null && entry.acl().equals(List.of("198.51.100.0/24"))) break;
      Thread.sleep(50);
    }
    assertThat(entry).isNotNull();
    assertThat(entry.acl()).containsExactly("198.51.100.0/24");
    assertThat(entry.applicationId()).isEqualTo(app2);
    assertThat(entry.digestAuth()).isTrue();

    assertThat(api.put("/v1/psip/updatable", change.copy().put("name", "renamed")).invalidNames()).containsExactly("name");
    assertThat(api.put("/v1/psip/updatable", change.copy().put("name", "updatable")).status()).isEqualTo(200);
    assertThat(api.put("/v1/psip/updatable", new JsonObject()).invalidNames()).containsExactly("application_id");
    problem(api.put("/v1/psip/not-there", change), 404);
  }

  @Test
  void listAndDelete() {
    ApiClient own = node.newAccount("domains-list");
    String ownApp = Bodies.newApplication(own, "list-app");
    for (String n : List.of("list-1", "list-2", "list-3")) Bodies.newDomain(own, n, ownApp);
    JsonObject page = own.get("/v1/psip?page_size=2&page=2").json();
    assertThat(page.getLong("total_items")).isEqualTo(3);
    assertThat(page.getJsonObject("_embedded").getJsonArray("domains").getJsonObject(0).getString("name")).isEqualTo("list-3");
    assertThat(own.delete("/v1/psip/list-2?cascade=true").status()).isEqualTo(204); // Vonage's snippet adds it
    problem(own.get("/v1/psip/list-2"), 404);
    problem(own.delete("/v1/psip/list-2"), 404);
    assertThat(own.get("/v1/psip").json().getLong("total_items")).isEqualTo(2);
  }

  @Test
  void usersHaveWriteOnlySecretsStoredAsHa1sForTheDomainsRealm() throws Exception {
    Bodies.newDomain(api, "with-users", app);
    ApiClient.Response r = api.post("/v1/psip/with-users/users", new JsonObject().put("key", "alice").put("secret", "Tr0ub4dor&3"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Location")).isEqualTo("/v1/psip/with-users/users/alice");
    assertThat(r.json().fieldNames()).containsExactlyInAnyOrder("key", "domain", "created_at", "updated_at", "_links");
    assertThat(r.json().getString("key")).isEqualTo("alice");
    assertThat(r.json().getString("domain")).isEqualTo("with-users");
    assertThat(r.body()).doesNotContain("Tr0ub4dor");
    assertThat(ha1s("with-users", "alice")).containsExactly(
        DigestVerifier.ha1(DigestAlgorithm.MD5, "alice", "with-users.psip.local", "Tr0ub4dor&3"),
        DigestVerifier.ha1(DigestAlgorithm.SHA_256, "alice", "with-users.psip.local", "Tr0ub4dor&3"));

    assertThat(api.get("/v1/psip/with-users/users/alice").json()).isEqualTo(r.json());
    assertThat(api.post("/v1/psip/with-users/users", new JsonObject().put("key", "b.o+b~1").put("secret", "another-secret"))
        .header("Location")).isEqualTo("/v1/psip/with-users/users/b.o%2Bb%7E1");
    assertThat(api.get("/v1/psip/with-users/users/b.o%2Bb~1").status()).isEqualTo(200);
    JsonObject list = api.get("/v1/psip/with-users/users").json();
    assertThat(list.getLong("total_items")).isEqualTo(2);
    assertThat(list.encode()).doesNotContain("secret\"");

    ApiClient.Response changed = api.put("/v1/psip/with-users/users/alice", new JsonObject().put("secret", "n3w-s3cret!"));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).doesNotContain("n3w-s3cret");
    assertThat(ha1s("with-users", "alice").get(0)).isEqualTo(DigestVerifier.ha1(DigestAlgorithm.MD5, "alice", "with-users.psip.local", "n3w-s3cret!"));
    assertThat(api.put("/v1/psip/with-users/users/alice", new JsonObject().put("key", "alice").put("secret", "n3w-s3cret!"))
        .status()).isEqualTo(200);
    assertThat(api.put("/v1/psip/with-users/users/alice", new JsonObject().put("key", "bob").put("secret", "short"))
        .invalidNames()).containsExactly("key", "secret");
    problem(api.put("/v1/psip/with-users/users/nobody", new JsonObject().put("secret", "n3w-s3cret!")), 404);

    assertThat(problem(api.post("/v1/psip/with-users/users", new JsonObject().put("key", "alice").put("secret", "whatever1")), 409)
        .getString("detail")).isEqualTo("the domain with-users already has a user alice");
    assertThat(api.post("/v1/psip/with-users/users", new JsonObject().put("key", "al ice").put("secret", "short"))
        .invalidNames()).containsExactly("key", "secret");
    assertThat(api.post("/v1/psip/with-users/users", new JsonObject()).invalidNames()).containsExactly("key", "secret");
    problem(api.post("/v1/psip/no-domain/users", new JsonObject().put("key", "alice").put("secret", "whatever1")), 404);
    problem(api.get("/v1/psip/no-domain/users"), 404);

    assertThat(api.delete("/v1/psip/with-users/users/alice").status()).isEqualTo(204);
    problem(api.get("/v1/psip/with-users/users/alice"), 404);
    problem(api.delete("/v1/psip/with-users/users/alice"), 404);

    // deleting the domain takes its users with it
    assertThat(api.delete("/v1/psip/with-users").status()).isEqualTo(204);
    Bodies.newDomain(api, "with-users", app);
    assertThat(api.get("/v1/psip/with-users/users").json().getLong("total_items")).isZero();
  }

  @Test
  void aDomainHasAtMost200Users() {
    Bodies.newDomain(api, "crowded", app);
    for (int i = 0; i < 200; i++) {
      ApiClient.Response r = api.post("/v1/psip/crowded/users", new JsonObject().put("key", "u" + i).put("secret", "secret-" + i));
      assertThat(r.status()).as("user " + i).isEqualTo(201);
    }
    assertThat(problem(api.post("/v1/psip/crowded/users", new JsonObject().put("key", "u200").put("secret", "secret-200")), 409)
        .getString("detail")).isEqualTo("the domain crowded has 200 users, the most it may have");
    assertThat(api.get("/v1/psip/crowded/users?page_size=100&page=2").json().getLong("total_items")).isEqualTo(200);
  }

  private static List<String> ha1s(String domain, String key) throws Exception {
    String db = node.dbUrl.substring(node.dbUrl.lastIndexOf('/') + 1);
    try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(db));
         PreparedStatement q = c.prepareStatement("SELECT ha1_md5, ha1_sha256 FROM domain_users WHERE domain = ? AND user_key = ?")) {
      q.setString(1, domain);
      q.setString(2, key);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return List.of(rs.getString(1), rs.getString(2));
      }
    }
  }
}
