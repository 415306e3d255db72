package io.psip.gateway.api;

import io.psip.gateway.store.AccountRecord;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** What an operation sees of a request: the authenticated caller, path parameters, paging and the JSON body. */
public final class ApiRequest {
  static final String CALLER = "psip.caller";

  private final RoutingContext ctx;

  ApiRequest(RoutingContext ctx) { this.ctx = ctx; }

  /** The account {@link BasicAuth} verified. */
  public AccountRecord caller() { return ctx.get(CALLER); }

  /** The caller's api_key: the owner of everything it creates. */
  public String accountId() { return caller().apiKey(); }

  public String path(String name) { return ctx.pathParam(name); }

  public Paging paging() { return Paging.of(ctx); }

  /** Every value of one query parameter, in order (empty when absent). */
  public List<String> query(String name) { return ctx.queryParam(name); }

  /** The body as a JSON object: 415 for another media type, 400 when it is missing, malformed or not an object. */
  public JsonObject body() { return JsonBody.object(ctx); }

  /** The request path, for details of a 404 that must not say more than "nothing here". */
  public String requestPath() { return ctx.request().path(); }
}
