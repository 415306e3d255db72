package io.psip.gateway.api;

import io.psip.gateway.http.Problems;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The API's failure handler: turns whatever failed a request into its problem document. {@link ApiProblem}s carry
 * their own status; store outcomes map to 404, 409 and 503; the statuses vertx-web decides (413 from the body limit,
 * 503 from the route timeout) get a detail of their own; anything else is a 500 whose cause goes only to the log,
 * under the trace id the caller sees.
 */
final class ApiFailures implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(ApiFailures.class);

  private final long bodyLimit;
  private final long timeoutMs;

  ApiFailures(long bodyLimit, long timeoutMs) {
    this.bodyLimit = bodyLimit;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ApiProblem problem = toProblem(ctx);
    String traceId = Problems.traceId(ctx);
    if (problem.status() >= 500) {
      Throwable cause = ctx.failure();
      if (cause == null || cause instanceof ApiProblem || cause instanceof StoreException) {
        log.warn("HTTP {} {} -> {} {} [trace {}]", ctx.request().method(), ctx.request().path(), problem.status(),
            cause == null ? problem.detail() : cause.getMessage(), traceId);
      } else {
        log.error("HTTP {} {} failed [trace {}]", ctx.request().method(), ctx.request().path(), traceId, cause);
      }
    }
    Problems.send(ctx, problem.status(), problem.detail(), traceId, problem.invalidParameters(), problem.headers());
  }

  private ApiProblem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiProblem p) return p;
    if (failure instanceof StoreException.NotFound) return ApiProblem.notFound("no resource at " + ctx.request().path());
    if (failure instanceof StoreException.Conflict c) return ApiProblem.conflict(c.getMessage());
    if (failure instanceof StoreException.Unavailable) {
      return ApiProblem.unavailable("the database is unavailable; try again shortly");
    }
    if (failure != null) return ApiProblem.of(500, "the request could not be completed");
    return switch (ctx.statusCode()) {
      case 413 -> ApiProblem.of(413, "the request body exceeds " + bodyLimit + " bytes");
      case 503 -> ApiProblem.unavailable("no answer within " + timeoutMs + " ms; try again shortly");
      case 400 -> ApiProblem.badRequest("the request could not be read");
      case -1, 500 -> ApiProblem.of(500, "the request could not be completed");
      default -> ApiProblem.of(ctx.statusCode(), "the request could not be completed");
    };
  }
}
