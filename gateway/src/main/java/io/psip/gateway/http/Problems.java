package io.psip.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * RFC 7807 problem documents: every HTTP error psip sends. The body never carries a stack trace; a trace id in
 * {@code instance} ties it to the log line that may.
 */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** Router error handler: the status vertx-web decided (404, 405, 500…), rendered as a problem document. */
  public static void handle(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String traceId = Long.toHexString(ThreadLocalRandom.current().nextLong());
    String detail = switch (status) {
      case 404 -> "no resource at " + abbreviate(ctx.request().path());
      case 405 -> "method " + ctx.request().method() + " is not allowed on " + abbreviate(ctx.request().path());
      default -> "the request could not be completed";
    };
    if (status >= 500) log.error("HTTP {} {} failed [trace {}]", ctx.request().method(), ctx.request().path(), traceId, ctx.failure());
    else log.debug("HTTP {} {} -> {} [trace {}]", ctx.request().method(), ctx.request().path(), status, traceId);
    send(ctx, status, detail, traceId);
  }

  public static void send(RoutingContext ctx, int status, String detail, String traceId) {
    JsonObject problem = new JsonObject()
        .put("type", "about:blank") // RFC 7807 §4.2: the title is then the status's reason phrase
        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("status", status)
        .put("detail", detail)
        .put("instance", traceId);
    if (ctx.response().headWritten()) {
      ctx.response().reset(); // too late for a clean answer: drop the connection rather than lie
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(problem.encode());
  }

  private static String abbreviate(String path) {
    if (path == null) return "(none)";
    return path.length() <= 120 ? path : path.substring(0, 117) + "...";
  }
}
