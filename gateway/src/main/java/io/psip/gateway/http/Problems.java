package io.psip.gateway.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RFC 7807 problem documents: every HTTP error psip sends. The body never carries a stack trace; a trace id in
 * {@code instance} ties it to the log line that may.
 */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  /** Where a request's trace id is kept in its {@link RoutingContext}, when something upstream assigned one. */
  public static final String TRACE_ID = "psip.traceId";
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  /** One entry of a validation problem's {@code invalid_parameters}: the field's dotted path and what is wrong. */
  public record InvalidParameter(String name, String reason) {
    public JsonObject toJson() { return new JsonObject().put("name", name).put("reason", reason); }
  }

  private Problems() {}

  /** Router error handler: the status vertx-web decided (404, 405, 500…), rendered as a problem document. */
  public static void handle(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String traceId = traceId(ctx);
    String detail = switch (status) {
      case 404 -> "no resource at " + abbreviate(ctx.request().path());
      case 405 -> "method " + ctx.request().method() + " is not allowed on " + abbreviate(ctx.request().path());
      default -> "the request could not be completed";
    };
    if (status >= 500) log.error("HTTP {} {} failed [trace {}]", ctx.request().method(), ctx.request().path(), traceId, ctx.failure());
    else log.debug("HTTP {} {} -> {} [trace {}]", ctx.request().method(), ctx.request().path(), status, traceId);
    send(ctx, status, detail, traceId);
  }

  /** The request's trace id, assigning one when none was. */
  public static String traceId(RoutingContext ctx) {
    String id = ctx.get(TRACE_ID);
    if (id == null) {
      id = newTraceId();
      ctx.put(TRACE_ID, id);
    }
    return id;
  }

  public static String newTraceId() { return String.format("%016x", ThreadLocalRandom.current().nextLong()); }

  public static void send(RoutingContext ctx, int status, String detail, String traceId) {
    send(ctx, status, detail, traceId, List.of(), Map.of());
  }

  /** A problem document, with {@code invalid_parameters} when there are any and extra headers (Allow, WWW-Authenticate). */
  public static void send(RoutingContext ctx, int status, String detail, String traceId,
                          List<InvalidParameter> invalid, Map<String, String> headers) {
    JsonObject problem = new JsonObject()
        .put("type", "about:blank") // RFC 7807 §4.2: the title is then the status's reason phrase
        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("status", status)
        .put("detail", detail)
        .put("instance", traceId);
    if (!invalid.isEmpty()) {
      JsonArray list = new JsonArray();
      invalid.forEach(p -> list.add(p.toJson()));
      problem.put("invalid_parameters", list);
    }
    if (ctx.response().ended()) return; // answered already (say by a timeout): the late outcome is only logged
    if (ctx.response().headWritten()) {
      ctx.response().reset(); // too late for a clean answer: drop the connection rather than lie
      return;
    }
    headers.forEach(ctx.response()::putHeader);
    ctx.response()
        .setStatusCode(status)
        .putHeader("X-Trace-Id", traceId) // again: vertx-web clears the headers before its own 404 and 405
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(problem.encode());
  }

  private static String abbreviate(String path) {
    if (path == null) return "(none)";
    return path.length() <= 120 ? path : path.substring(0, 117) + "...";
  }
}
