package io.psip.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.psip.gateway.api.Bodies.domain;
import static org.assertj.core.api.Assertions.assertThat;

/** Racing creations of one name or number: exactly one wins, the rest get 409, nothing else. */
class ConcurrencyApiTest {
  static ApiNode node;

  @BeforeAll
  static void start() { node = ApiNode.start(ConcurrencyApiTest.class); }

  @AfterAll
  static void stop() throws Exception { if (node != null) node.close(); }

  @Test
  void twentyParallelCreationsOfOneDomainNameGiveExactlyOne201() {
    ApiClient a = node.newAccount("racer-a");
    ApiClient b = node.newAccount("racer-b");
    String appA = Bodies.newApplication(a, "a");
    String appB = Bodies.newApplication(b, "b");
    List<Future<ApiClient.Response>> racing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ApiClient who = i % 2 == 0 ? a : b;
      String body = domain("contested", i % 2 == 0 ? appA : appB, "192.0.2." + i).encode();
      racing.add(who.sendAsync(HttpMethod.POST, "/v1/psip", Buffer.buffer(body), Map.of("Content-Type", "application/json")));
    }
    List<Integer> statuses = ApiClient.await(Future.all(racing)).<ApiClient.Response>list().stream()
        .map(ApiClient.Response::status).toList();
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(19);
    int owners = (a.get("/v1/psip/contested").status() == 200 ? 1 : 0) + (b.get("/v1/psip/contested").status() == 200 ? 1 : 0);
    assertThat(owners).isEqualTo(1);
  }

  @Test
  void parallelClaimsOfOneNumberGiveExactlyOneOwner() {
    List<ApiClient> accounts = List.of(node.newAccount("n1"), node.newAccount("n2"), node.newAccount("n3"));
    List<Future<ApiClient.Response>> racing = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      racing.add(accounts.get(i % 3).sendAsync(HttpMethod.POST, "/v1/numbers",
          Buffer.buffer(new JsonObject().put("msisdn", "4420790000" + (i % 2 == 0 ? "00" : "00")).encode()),
          Map.of("Content-Type", "application/json")));
    }
    List<Integer> statuses = ApiClient.await(Future.all(racing)).<ApiClient.Response>list().stream()
        .map(ApiClient.Response::status).toList();
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(11);
  }
}
