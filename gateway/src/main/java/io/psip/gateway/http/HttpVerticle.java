package io.psip.gateway.http;

import io.psip.gateway.HostPort;
import io.psip.gateway.NodeStatus;
import io.psip.gateway.api.AdminApi;
import io.psip.gateway.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import static io.psip.gateway.config.ConfigKeys.HTTP_HOST;
import static io.psip.gateway.config.ConfigKeys.HTTP_PORT;
import static io.psip.gateway.config.ConfigKeys.SIP_DOMAIN;

/**
 * The HTTP listener: {@code /health}, and the admin API ({@link AdminApi}) when the node has {@link Stores}.
 * Deployment config: the {@code http} section, plus the {@code sip} section when the admin API is mounted (its
 * {@code sip.domain} names the digest realms of new credentials) unless the domain is passed in.
 */
public final class HttpVerticle extends VerticleBase {
  private final NodeStatus status;
  private final Stores stores;
  private final String sipDomain;
  private HttpServer server;
  private AdminApi api;

  /** {@code /health} only: no admin API. */
  public HttpVerticle(NodeStatus status) { this(status, null, null); }

  /** With the admin API when {@code stores} is not null; {@code sip.domain} is read from the deployment config. */
  public HttpVerticle(NodeStatus status, Stores stores) { this(status, stores, null); }

  /** With the admin API when {@code stores} is not null, for the given {@code sip.domain}. */
  public HttpVerticle(NodeStatus status, Stores stores, String sipDomain) {
    this.status = status;
    this.stores = stores;
    this.sipDomain = sipDomain;
  }

  @Override
  public Future<?> start() {
    if (stores != null) {
      String domain = sipDomain != null ? sipDomain : configuredSipDomain();
      if (domain == null) {
        return Future.failedFuture("HTTP: the admin API needs sip.domain: deploy HttpVerticle with the sip section");
      }
      api = new AdminApi(vertx, stores, domain);
    }
    Router router = router(vertx, status, api);

    String host = HTTP_HOST.get(config());
    int port = HTTP_PORT.get(config());
    server = vertx.createHttpServer().requestHandler(router);
    return server.listen(port, host)
        .recover(e -> Future.failedFuture("HTTP cannot listen on " + HostPort.of(host, port) + ": " + e.getMessage()))
        .onSuccess(s -> status.httpBound(s.actualPort()));
  }

  /** Every route this verticle serves: {@code /health}, and the admin API when there is one. */
  public static Router router(Vertx vertx, NodeStatus status, AdminApi api) {
    Router router = Router.router(vertx);
    router.get("/health").handler(new HealthHandler(status));
    if (status.metrics() != null) {
      router.get("/metrics").handler(ctx -> ctx.response()
          .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
          .end(status.metrics().scrape()));
    }
    if (api != null) api.mount(router);
    for (int code : new int[] {400, 404, 405, 413, 415, 500, 501}) router.errorHandler(code, Problems::handle);
    return router;
  }

  private String configuredSipDomain() {
    return config().getJsonObject("sip") == null ? null : SIP_DOMAIN.get(config());
  }

  @Override
  public Future<?> stop() {
    status.httpUnbound();
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return api == null ? closed : closed.eventually(api::close);
  }
}
