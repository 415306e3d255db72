package io.psip.gateway.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.psip.gateway.api.Bodies.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/numbers}: E.164 without '+', one owner, linked to one of the owner's applications or none. */
class NumbersApiTest {
  static ApiNode node;
  static ApiClient api;
  static String app;

  @BeforeAll
  static void start() {
    node = ApiNode.start(NumbersApiTest.class);
    api = node.newAccount("numbers");
    app = Bodies.newApplication(api, "numbers-app");
  }

  @AfterAll
  static void stop() throws Exception { if (node != null) node.close(); }

  @Test
  void createGetLinkUnlinkRelease() {
    ApiClient.Response r = api.post("/v1/numbers", new JsonObject().put("msisdn", "14155550100"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Location")).isEqualTo("/v1/numbers/14155550100");
    assertThat(r.json().getString("msisdn")).isEqualTo("14155550100");
    assertThat(r.json().containsKey("application_id")).isTrue();
    assertThat(r.json().getString("application_id")).isNull();

    ApiClient.Response linked = api.put("/v1/numbers/14155550100", new JsonObject().put("application_id", app));
    assertThat(linked.status()).isEqualTo(200);
    assertThat(linked.json().getString("application_id")).isEqualTo(app);
    assertThat(api.get("/v1/numbers/14155550100").json()).isEqualTo(linked.json());
    assertThat(api.get("/v1/numbers/+14155550100").json()).isEqualTo(linked.json());

    ApiClient.Response unlinked = api.put("/v1/numbers/14155550100", new JsonObject().putNull("application_id"));
    assertThat(unlinked.json().getString("application_id")).isNull();

    assertThat(api.delete("/v1/numbers/14155550100").status()).isEqualTo(204);
    problem(api.get("/v1/numbers/14155550100"), 404);
    problem(api.delete("/v1/numbers/14155550100"), 404);
    problem(api.put("/v1/numbers/14155550100", new JsonObject().putNull("application_id")), 404);
  }

  @Test
  void aLeadingPlusIsDroppedAndALinkMayBeGivenAtOnce() {
    ApiClient.Response r = api.post("/v1/numbers", new JsonObject().put("msisdn", "+447700900123").put("application_id", app));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().getString("msisdn")).isEqualTo("447700900123");
    assertThat(r.json().getString("application_id")).isEqualTo(app);
    problem(api.post("/v1/numbers", new JsonObject().put("msisdn", "447700900123")), 409);
  }

  @Test
  void aNumberHasOneOwner() {
    Bodies.newNumber(api, "33123456789", null);
    ApiClient other = node.newAccount("numbers-other");
    assertThat(problem(other.post("/v1/numbers", new JsonObject().put("msisdn", "+33123456789")), 409).getString("detail"))
        .isEqualTo("the number 33123456789 is taken");
    problem(other.get("/v1/numbers/33123456789"), 404);
  }

  @Test
  void invalidNumbersAndForeignApplications() {
    for (String bad : List.of("123456", "1234567890123456", "0123456789", "1415-555-0100", "++14155550100", "")) {
      ApiClient.Response r = api.post("/v1/numbers", new JsonObject().put("msisdn", bad));
      assertThat(problem(r, 422).getJsonArray("invalid_parameters").getJsonObject(0)).as(bad).isEqualTo(new JsonObject()
          .put("name", "msisdn").put("reason", "must be an E.164 number: 7 to 15 digits, not starting with 0"));
    }
    assertThat(api.post("/v1/numbers", new JsonObject().put("msisdn", 14155550101L)).invalidNames()).containsExactly("msisdn");
    assertThat(api.post("/v1/numbers", new JsonObject().put("msisdn", "12").put("application_id", "x")).invalidNames())
        .containsExactly("msisdn", "application_id");

    ApiClient other = node.newAccount("numbers-foreign");
    String foreign = Bodies.newApplication(other, "foreign");
    assertThat(api.post("/v1/numbers", new JsonObject().put("msisdn", "4915112345678").put("application_id", foreign))
        .invalidNames()).containsExactly("application_id");
    problem(api.get("/v1/numbers/4915112345678"), 404); // nothing was created
    Bodies.newNumber(api, "4915112345678", null);
    assertThat(problem(api.put("/v1/numbers/4915112345678", new JsonObject().put("application_id", foreign)), 422)
        .getJsonArray("invalid_parameters").getJsonObject(0).getString("reason")).isEqualTo("is not one of your applications");
    assertThat(api.put("/v1/numbers/4915112345678", new JsonObject()).invalidNames()).containsExactly("application_id");
    assertThat(api.put("/v1/numbers/4915112345678", new JsonObject().put("application_id", 5)).invalidNames())
        .containsExactly("application_id");
  }

  @Test
  void listIsPaged() {
    ApiClient own = node.newAccount("numbers-list");
    for (int i = 0; i < 3; i++) Bodies.newNumber(own, "3531555000" + i, null);
    JsonObject page = own.get("/v1/numbers?page_size=2").json();
    assertThat(page.getLong("total_items")).isEqualTo(3);
    assertThat(page.getJsonObject("_embedded").getJsonArray("numbers")).hasSize(2);
    assertThat(page.getJsonObject("_links").getJsonObject("next").getString("href")).isEqualTo("/v1/numbers?page=2&page_size=2");
  }
}
