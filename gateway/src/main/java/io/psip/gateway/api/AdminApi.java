package io.psip.gateway.api;

import io.psip.gateway.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The admin REST API (CONTRACT §2): accounts, applications, PSIP domains and their users, numbers, call records,
 * every resource scoped to the calling account; and its OpenAPI document at {@code /openapi.json}.
 *
 * <p>Every request under {@code /v1} and {@code /v2} gets, in order: a trace id and a log line ({@link RequestLog}),
 * a {@value #TIMEOUT_MS} ms deadline (then 503, so nothing hangs on a database that does not answer), a body read up
 * to {@value #BODY_LIMIT} bytes (then 413); then per operation Basic auth (401) and the operation. A path the API
 * serves with another method answers 405 with {@code Allow}; anything that fails becomes a problem document
 * ({@link ApiFailures}).
 */
public final class AdminApi {
  /** Largest request body accepted: far above any valid one (a domain with 16 ACL entries is under 1 KiB). */
  public static final int BODY_LIMIT = 64 * 1024;
  /** No API request is left waiting longer than this. */
  public static final long TIMEOUT_MS = 5_000;
  public static final String OPENAPI_PATH = "/openapi.json";

  private final WorkerExecutor hashing;
  private final CredentialCache cache = new CredentialCache();
  private final BasicAuth auth;
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final OpenApiDocument openApi;
  private final MessageConsumer<Object> accountChanges;

  public AdminApi(Vertx vertx, Stores stores, String sipDomain) {
    // PBKDF2 on a pool of its own: a flood of bad credentials cannot starve the node's other blocking work
    this.hashing = vertx.createSharedWorkerExecutor("psip-api-hashing",
        Math.max(2, Runtime.getRuntime().availableProcessors() / 2));
    this.auth = new BasicAuth(stores.accounts(), hashing, cache);
    this.openApi = new OpenApiDocument(vertx);
    // an account changed or deleted on any node: verify its credentials against the store again
    this.accountChanges = vertx.eventBus().consumer(Stores.CHANGES_ADDRESS, m -> {
      if (m.body() instanceof JsonObject change && "account".equals(change.getString("kind"))
          && change.getValue("key") instanceof String key) {
        cache.invalidate(key);
      }
    });
    endpoints.addAll(new AccountsApi(stores.accounts(), hashing, cache, sipDomain).endpoints());
    endpoints.addAll(new ApplicationsApi(stores.applications()).endpoints());
    endpoints.addAll(new DomainsApi(stores.domains(), stores.applications()).endpoints());
    endpoints.addAll(new DomainUsersApi(stores.domainUsers(), sipDomain).endpoints());
    endpoints.addAll(new NumbersApi(stores.numbers(), stores.applications()).endpoints());
    endpoints.addAll(new CallsApi(stores.calls(), vertx.eventBus()).endpoints());
  }

  /** Every operation the API serves. */
  public List<Endpoint> endpoints() { return List.copyOf(endpoints); }

  /** Adds the API's routes to {@code router}. */
  public void mount(Router router) {
    router.get(OPENAPI_PATH).handler(openApi);
    ApiFailures failures = new ApiFailures(BODY_LIMIT, TIMEOUT_MS);
    for (String prefix : List.of("/v1/*", "/v2/*")) {
      router.route(prefix)
          .handler(new RequestLog())
          .handler(TimeoutHandler.create(TIMEOUT_MS, 503))
          .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
          .failureHandler(failures);
    }
    Map<String, TreeSet<String>> allowed = new LinkedHashMap<>();
    for (Endpoint e : endpoints) {
      router.route(e.method(), e.routerPath()).handler(auth).handler(ctx -> dispatch(e, ctx));
      allowed.computeIfAbsent(e.routerPath(), p -> new TreeSet<>()).add(e.method().name());
    }
    // after every operation: the same path with another method
    allowed.forEach((path, methods) -> {
      String allow = String.join(", ", methods);
      router.route(path).handler(ctx -> ctx.fail(ApiProblem.methodNotAllowed(
          "method " + ctx.request().method() + " is not allowed here; allowed: " + allow, allow)));
    });
  }

  private static void dispatch(Endpoint endpoint, RoutingContext ctx) {
    Future<Reply> reply;
    try {
      reply = endpoint.operation().handle(new ApiRequest(ctx));
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(r -> {
      if (r.failed()) ctx.fail(r.cause());
      else send(ctx, r.result());
    });
  }

  private static void send(RoutingContext ctx, Reply reply) {
    if (ctx.response().ended()) return; // the deadline answered 503 first; the outcome is in the log line
    ctx.response().setStatusCode(reply.status()).putHeader("Cache-Control", "no-store");
    if (reply.location() != null) ctx.response().putHeader("Location", reply.location());
    if (reply.body() == null) {
      ctx.response().end();
    } else {
      ctx.response().putHeader("Content-Type", "application/json").end(reply.body().encode());
    }
  }

  /** Stops listening for account changes and releases the hashing pool. */
  public Future<Void> close() { return accountChanges.unregister().eventually(hashing::close); }
}
