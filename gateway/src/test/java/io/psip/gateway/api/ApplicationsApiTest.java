package io.psip.gateway.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.psip.gateway.api.Bodies.application;
import static io.psip.gateway.api.Bodies.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v2/applications}: Vonage's shape, ranges and defaults; paging; 409 while in use. */
class ApplicationsApiTest {
  static ApiNode node;
  static ApiClient api;

  @BeforeAll
  static void start() {
    node = ApiNode.start(ApplicationsApiTest.class);
    api = node.newAccount("applications");
  }

  @AfterAll
  static void stop() throws Exception { if (node != null) node.close(); }

  @Test
  void createFillsInVonagesDefaults() {
    ApiClient.Response r = api.post("/v2/applications", application("my-pbx"));
    assertThat(r.status()).isEqualTo(201);
    JsonObject a = r.json();
    String id = a.getString("id");
    assertThat(r.header("Location")).isEqualTo("/v2/applications/" + id);
    assertThat(a.getString("name")).isEqualTo("my-pbx");
    assertThat(a.getJsonObject("capabilities")).isEqualTo(new JsonObject("""
        {"voice":{"webhooks":{
          "answer_url":{"address":"https://app.example.com/answer","http_method":"GET","connect_timeout":1000,"socket_timeout":5000},
          "event_url":{"address":"https://app.example.com/event","http_method":"POST","connect_timeout":1000,"socket_timeout":10000}},
         "signed_callbacks":true}}"""));
    assertThat(a.getJsonObject("_links")).isEqualTo(new JsonObject().put("self", new JsonObject().put("href", "/v2/applications/" + id)));
    assertThat(api.get("/v2/applications/" + id).json()).isEqualTo(a);
    assertThat(api.get("/v2/applications/" + id.toUpperCase()).json()).isEqualTo(a);
  }

  @Test
  void givenValuesAreKept() {
    JsonObject body = new JsonObject("""
        {"name":"tuned","capabilities":{"voice":{"signed_callbacks":false,"webhooks":{
          "answer_url":{"address":"http://10.0.0.5:8080/answer","http_method":"POST","connection_timeout":300,"socket_timeout":1000},
          "fallback_answer_url":{"address":"https://backup.example.com/answer","connect_timeout":500,"socket_timeout":5000},
          "event_url":{"address":"https://app.example.com/event","http_method":"GET","socket_timeout":1000}}}}}""");
    JsonObject voice = api.post("/v2/applications", body).json().getJsonObject("capabilities").getJsonObject("voice");
    assertThat(voice.getBoolean("signed_callbacks")).isFalse();
    JsonObject hooks = voice.getJsonObject("webhooks");
    assertThat(hooks.getJsonObject("answer_url")).isEqualTo(new JsonObject(
        "{\"address\":\"http://10.0.0.5:8080/answer\",\"http_method\":\"POST\",\"connect_timeout\":300,\"socket_timeout\":1000}"));
    assertThat(hooks.getJsonObject("fallback_answer_url").getString("http_method")).isEqualTo("GET");
    assertThat(hooks.getJsonObject("fallback_answer_url").getInteger("connect_timeout")).isEqualTo(500);
    assertThat(hooks.getJsonObject("event_url").getString("http_method")).isEqualTo("GET");
  }

  @Test
  void anApplicationWithoutVoiceIsAllowed() {
    ApiClient.Response r = api.post("/v2/applications", new JsonObject().put("name", "bare"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().getJsonObject("capabilities")).isEqualTo(new JsonObject());
  }

  @Test
  void everyInvalidFieldIsNamedAtOnce() {
    JsonObject body = new JsonObject("""
        {"name":"","capabilities":{"voice":{"signed_callbacks":"maybe","webhooks":{
          "answer_url":{"address":"not a url","http_method":"PUT","connect_timeout":1001,"socket_timeout":999},
          "fallback_answer_url":{"address":"ftp://x.example.com"},
          "event_url":{"address":"https://e.example.com","socket_timeout":10001}}}}}""");
    ApiClient.Response r = api.post("/v2/applications", body);
    JsonObject p = problem(r, 422);
    assertThat(r.invalidNames()).containsExactly(
        "name",
        "capabilities.voice.webhooks.answer_url.address",
        "capabilities.voice.webhooks.answer_url.http_method",
        "capabilities.voice.webhooks.answer_url.connect_timeout",
        "capabilities.voice.webhooks.answer_url.socket_timeout",
        "capabilities.voice.webhooks.fallback_answer_url.address",
        "capabilities.voice.webhooks.event_url.socket_timeout",
        "capabilities.voice.signed_callbacks");
    assertThat(p.getString("detail")).isEqualTo("8 invalid values, see invalid_parameters");
    assertThat(p.getJsonArray("invalid_parameters").getJsonObject(2))
        .isEqualTo(new JsonObject().put("name", "capabilities.voice.webhooks.answer_url.http_method").put("reason", "must be one of: GET, POST"));
    assertThat(api.post("/v2/applications", new JsonObject().put("capabilities", new JsonObject().put("voice", new JsonObject())))
        .invalidNames()).containsExactly("name", "capabilities.voice.webhooks.answer_url");
  }

  @Test
  void listIsPaged() {
    ApiClient own = node.newAccount("paging");
    for (int i = 1; i <= 5; i++) Bodies.newApplication(own, "app-" + i);
    JsonObject first = own.get("/v2/applications?page_size=2").json();
    assertThat(first.getInteger("page_size")).isEqualTo(2);
    assertThat(first.getInteger("page")).isEqualTo(1);
    assertThat(first.getLong("total_items")).isEqualTo(5);
    assertThat(first.getLong("total_pages")).isEqualTo(3);
    assertThat(names(first)).containsExactly("app-1", "app-2");
    JsonObject last = own.get("/v2/applications?page_size=2&page=3").json();
    assertThat(names(last)).containsExactly("app-5");
    assertThat(last.getJsonObject("_links").getJsonObject("prev").getString("href")).isEqualTo("/v2/applications?page=2&page_size=2");
    assertThat(names(own.get("/v2/applications?page=4&page_size=2").json())).isEmpty();
    assertThat(names(own.get("/v2/applications").json())).hasSize(5);
    assertThat(own.get("/v2/applications").json().getInteger("page_size")).isEqualTo(10);
  }

  @Test
  void putReplacesTheWholeApplication() {
    JsonObject tuned = application("before");
    tuned.getJsonObject("capabilities").getJsonObject("voice").put("signed_callbacks", false);
    String id = api.post("/v2/applications", tuned).json().getString("id");
    JsonObject replacement = new JsonObject("""
        {"name":"after","capabilities":{"voice":{"webhooks":{"answer_url":{"address":"https://new.example.com/a"}}}}}""");
    ApiClient.Response r = api.put("/v2/applications/" + id, replacement);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("name")).isEqualTo("after");
    JsonObject voice = r.json().getJsonObject("capabilities").getJsonObject("voice");
    assertThat(voice.getBoolean("signed_callbacks")).isTrue(); // back to the default
    assertThat(voice.getJsonObject("webhooks").fieldNames()).containsExactly("answer_url");
    assertThat(api.get("/v2/applications/" + id).json()).isEqualTo(r.json());
    assertThat(api.put("/v2/applications/" + id, new JsonObject()).invalidNames()).containsExactly("name");
    problem(api.put("/v2/applications/c49f3586-9b3b-458b-89fc-3c8beb58865c", replacement), 404);
  }

  @Test
  void deleteAndInUse() {
    String id = Bodies.newApplication(api, "in-use");
    Bodies.newDomain(api, "apps-in-use", id);
    Bodies.newNumber(api, "4930901820", id);
    assertThat(problem(api.delete("/v2/applications/" + id), 409).getString("detail"))
        .isEqualTo("the application is in use by a domain or a number: relink or delete them first");
    assertThat(api.delete("/v1/psip/apps-in-use").status()).isEqualTo(204);
    problem(api.delete("/v2/applications/" + id), 409); // the number still uses it
    assertThat(api.put("/v1/numbers/4930901820", new JsonObject().putNull("application_id")).status()).isEqualTo(200);
    assertThat(api.delete("/v2/applications/" + id).status()).isEqualTo(204);
    problem(api.get("/v2/applications/" + id), 404);
    problem(api.delete("/v2/applications/" + id), 404);
  }

  private static List<String> names(JsonObject page) {
    return page.getJsonObject("_embedded").getJsonArray("applications").stream()
        .map(o -> ((JsonObject) o).getString("name")).toList();
  }
}
