package io.psip.gateway.api;

import io.psip.gateway.http.Problems;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * First on every API request: gives it a trace id (the {@code instance} of any problem document, and the
 * {@code X-Trace-Id} header of every answer) and logs one line when it ends: method, path, status, time, trace id.
 * Never headers or bodies, which carry credentials and secrets.
 */
final class RequestLog implements PlatformHandler {
  private static final Logger log = LoggerFactory.getLogger("io.psip.gateway.api");

  @Override
  public void handle(RoutingContext ctx) {
    String traceId = Problems.traceId(ctx);
    long start = System.nanoTime();
    ctx.response().putHeader("X-Trace-Id", traceId).putHeader("X-Content-Type-Options", "nosniff");
    ctx.addEndHandler(done -> log.info("HTTP {} {} -> {} in {} ms [trace {}]", ctx.request().method(),
        ctx.request().path(), done.succeeded() ? ctx.response().getStatusCode() : "connection closed",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), traceId));
    ctx.next();
  }
}
