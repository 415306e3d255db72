package io.psip.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies and one-line set-ups shared by the API tests. */
final class Bodies {
  private Bodies() {}

  static JsonObject application(String name) {
    return new JsonObject().put("name", name).put("capabilities", new JsonObject().put("voice", new JsonObject()
        .put("webhooks", new JsonObject()
            .put("answer_url", new JsonObject().put("address", "https://app.example.com/answer"))
            .put("event_url", new JsonObject().put("address", "https://app.example.com/event")))));
  }

  static JsonObject domain(String name, String applicationId, String... acl) {
    return new JsonObject().put("name", name).put("application_id", applicationId)
        .put("acl", new JsonArray(List.of((Object[]) acl)));
  }

  /** Creates an application and returns its id. */
  static String newApplication(ApiClient as, String name) {
    ApiClient.Response r = as.post("/v2/applications", application(name));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("id");
  }

  /** Creates a domain with one ACL entry. */
  static JsonObject newDomain(ApiClient as, String name, String applicationId) {
    ApiClient.Response r = as.post("/v1/psip", domain(name, applicationId, "192.0.2.0/24"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static JsonObject newNumber(ApiClient as, String msisdn, String applicationId) {
    ApiClient.Response r = as.post("/v1/numbers", new JsonObject().put("msisdn", msisdn).put("application_id", applicationId));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** Asserts a problem document with this status, and returns it. */
  static JsonObject problem(ApiClient.Response r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject p = r.json();
    assertThat(p.getString("type")).isEqualTo("about:blank");
    assertThat(p.getInteger("status")).isEqualTo(status);
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getString("detail")).isNotBlank();
    assertThat(p.getString("instance")).isEqualTo(r.header("X-Trace-Id")).matches("[0-9a-f]{16}");
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return p;
  }
}
