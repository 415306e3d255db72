package io.psip.gateway.api;

import io.psip.gateway.store.ApplicationRecord;
import io.psip.gateway.store.ApplicationStore;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/** {@code /v2/applications}: Vonage's Application API v2, voice capability only. */
final class ApplicationsApi {
  static final String BASE = "/v2/applications";

  private final ApplicationStore store;

  ApplicationsApi(ApplicationStore store) { this.store = store; }

  List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(POST, BASE, "createApplication", this::create),
        new Endpoint(GET, BASE, "listApplications", this::list),
        new Endpoint(GET, BASE + "/{id}", "getApplication", this::get),
        new Endpoint(PUT, BASE + "/{id}", "replaceApplication", this::replace),
        new Endpoint(DELETE, BASE + "/{id}", "deleteApplication", this::delete));
  }

  private record Body(String name, JsonObject voice) {
    static Body parse(JsonObject json) {
      Violations v = new Violations();
      Fields f = Fields.of(json, v);
      String name = f.text("name", TextRule.NAME, true);
      JsonObject voice = VoiceCapability.parse(f);
      v.throwIfAny();
      return new Body(name, voice);
    }
  }

  private Future<Reply> create(ApiRequest r) {
    Body b = Body.parse(r.body());
    return store.create(r.accountId(), b.name, b.voice).map(a -> Reply.created(json(a), self(a.id())));
  }

  private Future<Reply> list(ApiRequest r) {
    Paging p = r.paging();
    return store.list(r.accountId(), p.page(), p.pageSize())
        .map(page -> Reply.ok(Paging.render(page, BASE, "applications", ApplicationsApi::json)));
  }

  private Future<Reply> get(ApiRequest r) {
    return store.get(r.accountId(), id(r)).map(a -> Reply.ok(json(a)));
  }

  private Future<Reply> replace(ApiRequest r) {
    UUID id = id(r);
    Body b = Body.parse(r.body());
    return store.replace(r.accountId(), id, b.name, b.voice).map(a -> Reply.ok(json(a)));
  }

  private Future<Reply> delete(ApiRequest r) {
    return store.delete(r.accountId(), id(r))
        .recover(e -> Future.failedFuture(e instanceof StoreException.Conflict
            ? ApiProblem.conflict("the application is in use by a domain or a number: relink or delete them first")
            : e))
        .map(v -> Reply.noContent());
  }

  /** A path id that is not a UUID names no application: 404, as for any absent one. */
  private static UUID id(ApiRequest r) {
    String id = r.path("id");
    if (TextRule.UUID.check(id) != null) throw ApiProblem.notFound("no resource at " + r.requestPath());
    return UUID.fromString(id);
  }

  static String self(UUID id) { return BASE + '/' + id; }

  static JsonObject json(ApplicationRecord a) {
    JsonObject capabilities = new JsonObject();
    if (a.voice() != null && !a.voice().isEmpty()) capabilities.put("voice", a.voice().copy());
    return new JsonObject()
        .put("id", a.id().toString())
        .put("name", a.name())
        .put("capabilities", capabilities)
        .put("created_at", Times.format(a.createdAt()))
        .put("updated_at", Times.format(a.updatedAt()))
        .put("_links", Links.self(self(a.id())));
  }
}
