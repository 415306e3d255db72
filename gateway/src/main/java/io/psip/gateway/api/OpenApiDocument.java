package io.psip.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /openapi.json}: the hand-written OpenAPI 3.1 document of the admin API, served as is, without auth. */
final class OpenApiDocument implements Handler<RoutingContext> {
  /** Classpath resource; a test keeps it true to the routes and to real responses. */
  public static final String RESOURCE = "openapi/psip-openapi.json";

  private final Vertx vertx;
  private Future<Buffer> document;

  OpenApiDocument(Vertx vertx) { this.vertx = vertx; }

  @Override
  public void handle(RoutingContext ctx) {
    if (document == null || document.failed()) document = vertx.fileSystem().readFile(RESOURCE); // read once, async
    document.onComplete(r -> {
      if (r.failed()) {
        ctx.fail(500, r.cause());
        return;
      }
      ctx.response()
          .putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-cache")
          .end(r.result());
    });
  }
}
