package io.psip.gateway.http;

import io.psip.gateway.HostPort;
import io.psip.gateway.NodeStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import static io.psip.gateway.config.ConfigKeys.HTTP_HOST;
import static io.psip.gateway.config.ConfigKeys.HTTP_PORT;

/**
 * The HTTP listener: {@code /health} now, the admin API and {@code /metrics} in later milestones. Deployment config:
 * the {@code http} section.
 */
public final class HttpVerticle extends VerticleBase {
  private final NodeStatus status;
  private HttpServer server;

  public HttpVerticle(NodeStatus status) { this.status = status; }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(new HealthHandler(status));
    for (int code : new int[] {400, 404, 405, 413, 415, 500, 501}) router.errorHandler(code, Problems::handle);

    String host = HTTP_HOST.get(config());
    int port = HTTP_PORT.get(config());
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(port, host)
        .recover(e -> Future.failedFuture("HTTP cannot listen on " + HostPort.of(host, port) + ": " + e.getMessage()))
        .onSuccess(s -> status.httpBound(s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    status.httpUnbound();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
