package io.psip.gateway.api;

import io.psip.gateway.NodeStatus;
import io.psip.gateway.http.HttpVerticle;
import io.psip.gateway.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document is true to the router: every route served is documented, every documented operation is
 * served, under the same operationId; and it is a valid OpenAPI 3.1 contract. (Its schemas are checked against real
 * responses by {@link AdminApiHttpTest}.)
 */
@ExtendWith(VertxExtension.class)
class OpenApiDocumentTest {
  static JsonObject document() throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
      assertThat(in).as(OpenApiDocument.RESOURCE).isNotNull();
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * The document as vertx-openapi can load it: it does not know {@code application/problem+json} (5.0), so problem
   * responses are declared as {@code application/json} here, and {@link ApiClient} validates them as such.
   */
  static OpenAPIContract contract(Vertx vertx) throws Exception {
    JsonObject loadable = new JsonObject(document().encode().replace("application/problem+json", "application/json"));
    return OpenAPIContract.from(vertx, loadable).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void isAValidOpenApi31Contract(Vertx vertx) throws Exception {
    OpenAPIContract contract = contract(vertx);
    assertThat(contract.getRawContract().getString("openapi")).isEqualTo("3.1.0");
    assertThat(contract.operations()).isNotEmpty().allSatisfy(op -> assertThat(op.getOperationId()).isNotBlank());
  }

  @Test
  void theResponseCheckRejectsWhatTheDocumentDoesNotDescribe(Vertx vertx) throws Exception {
    OpenApiCheck check = OpenApiCheck.load(vertx);
    io.vertx.core.MultiMap json = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    String app = "{\"id\":\"c49f3586-9b3b-458b-89fc-3c8beb58865c\",\"name\":\"a\",\"capabilities\":{},"
        + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\","
        + "\"_links\":{\"self\":{\"href\":\"/v2/applications/c49f3586-9b3b-458b-89fc-3c8beb58865c\"}}}";
    String path = "/v2/applications/c49f3586-9b3b-458b-89fc-3c8beb58865c";
    assertThat(check.verify(io.vertx.core.http.HttpMethod.GET, path, new ApiClient.Response(200, json, app))
        .toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(10, TimeUnit.SECONDS)).isNull();
    for (ApiClient.Response wrong : java.util.List.of(
        new ApiClient.Response(200, json, app.replace("\"name\":\"a\",", "")),
        new ApiClient.Response(200, json, app.replace("\"capabilities\":{}", "\"capabilities\":[]")),
        new ApiClient.Response(418, json, app))) {
      assertThat(check.verify(io.vertx.core.http.HttpMethod.GET, path, wrong)
          .toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(10, TimeUnit.SECONDS))
          .as(wrong.toString()).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void everyServedRouteIsDocumentedAndEveryDocumentedOperationIsServed(Vertx vertx) throws Exception {
    AdminApi api = new AdminApi(vertx, new Stores(null, null, null, null, null, null), "psip.local");
    Router router = HttpVerticle.router(vertx, new NodeStatus(true), api);
    Set<String> served = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) continue; // prefix chains, 405s
      route.methods().forEach(m -> served.add(m.name() + " " + route.getPath().replaceAll(":([a-z_]+)", "{$1}")));
    }
    Set<String> documented = new TreeSet<>();
    JsonObject paths = document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (!method.equals("parameters")) documented.add(method.toUpperCase() + " " + path);
      }
    }
    assertThat(served).isEqualTo(documented);
    api.close();
  }

  @Test
  void operationIdsAreTheApis(Vertx vertx) throws Exception {
    AdminApi api = new AdminApi(vertx, new Stores(null, null, null, null, null, null), "psip.local");
    JsonObject paths = document().getJsonObject("paths");
    for (Endpoint e : api.endpoints()) {
      JsonObject op = paths.getJsonObject(e.path()).getJsonObject(e.method().name().toLowerCase());
      assertThat(op.getString("operationId")).as(e.method() + " " + e.path()).isEqualTo(e.operationId());
    }
    api.close();
  }
}
