package io.psip.gateway.http;

import io.psip.gateway.NodeStatus;
import io.psip.gateway.testing.TestConfigs;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP verticle on its own, with SIP readiness set by hand: no SIP stack needed. */
@ExtendWith(VertxExtension.class)
class HttpVerticleTest {
  private final NodeStatus status = new NodeStatus(true);
  private HttpClient client;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx, @TempDir Path data) {
    DeploymentOptions options = new DeploymentOptions().setConfig(TestConfigs.loopback(data).sections("http"));
    client = vertx.createHttpClient();
    vertx.deployVerticle(() -> new HttpVerticle(status), options).onComplete(ctx.succeeding(id -> {
      port = status.httpPort();
      ctx.completeNow();
    }));
  }

  @Test
  void healthIsDownUntilSipIsBoundAndDownAgainWhenItIsNot(VertxTestContext ctx) {
    get(HttpMethod.GET, "/health")
        .compose(r -> {
          ctx.verify(() -> {
            assertThat(r.status).isEqualTo(503);
            assertThat(r.contentType).isEqualTo("application/json");
            assertThat(r.json()).isEqualTo(new JsonObject("{\"status\":\"DOWN\",\"sip\":{\"status\":\"DOWN\"}}"));
          });
          status.sipBound(5062, 5063);
          return get(HttpMethod.GET, "/health");
        })
        .compose(r -> {
          ctx.verify(() -> {
            assertThat(r.status).isEqualTo(200);
            assertThat(r.json()).isEqualTo(new JsonObject("{\"status\":\"UP\",\"sip\":{\"udp_port\":5062,\"tcp_port\":5063}}"));
          });
          status.sipUnbound();
          return get(HttpMethod.GET, "/health");
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.status).isEqualTo(503);
          ctx.completeNow();
        })));
  }

  @Test
  void unknownPathsAreProblemDocuments(VertxTestContext ctx) {
    get(HttpMethod.GET, "/v1/nothing-here").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.status).isEqualTo(404);
      assertThat(r.contentType).isEqualTo("application/problem+json");
      JsonObject problem = r.json();
      assertThat(problem.getString("type")).isEqualTo("about:blank");
      assertThat(problem.getString("title")).isEqualTo("Not Found");
      assertThat(problem.getInteger("status")).isEqualTo(404);
      assertThat(problem.getString("detail")).isEqualTo("no resource at /v1/nothing-here");
      assertThat(problem.getString("instance")).isNotBlank();
      assertThat(r.body).doesNotContain("Exception").doesNotContain("\tat ");
      ctx.completeNow();
    })));
  }

  @Test
  void wrongMethodIsAProblemDocumentToo(VertxTestContext ctx) {
    get(HttpMethod.DELETE, "/health").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.status).isEqualTo(405);
      assertThat(r.contentType).isEqualTo("application/problem+json");
      assertThat(r.json().getString("detail")).isEqualTo("method DELETE is not allowed on /health");
      ctx.completeNow();
    })));
  }

  private record Reply(int status, String contentType, String body) {
    JsonObject json() { return new JsonObject(body); }
  }

  private Future<Reply> get(HttpMethod method, String path) {
    return client.request(method, port, "127.0.0.1", path)
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> new Reply(resp.statusCode(), contentType(resp), body.toString())));
  }

  private static String contentType(HttpClientResponse resp) { return resp.getHeader("Content-Type"); }
}
