package io.psip.gateway.api;

import io.psip.gateway.store.ApplicationStore;
import io.psip.gateway.store.NumberRecord;
import io.psip.gateway.store.NumberStore;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * {@code /v1/numbers}: the numbers an account owns (one owner per number) and the application each is linked to.
 * A number is E.164 digits without '+'; a leading '+' is accepted and dropped, in the body and in the path.
 */
final class NumbersApi {
  static final String BASE = "/v1/numbers";

  private final NumberStore store;
  private final ApplicationLinks links;

  NumbersApi(NumberStore store, ApplicationStore applications) {
    this.store = store;
    this.links = new ApplicationLinks(applications);
  }

  List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(POST, BASE, "createNumber", this::create),
        new Endpoint(GET, BASE, "listNumbers", this::list),
        new Endpoint(GET, BASE + "/{msisdn}", "getNumber", this::get),
        new Endpoint(PUT, BASE + "/{msisdn}", "linkNumber", this::link),
        new Endpoint(DELETE, BASE + "/{msisdn}", "deleteNumber", this::delete));
  }

  private Future<Reply> create(ApiRequest r) {
    Violations v = new Violations();
    Fields f = Fields.of(r.body(), v);
    String msisdn = f.text("msisdn", TextRule.MSISDN, true);
    UUID application = f.uuid("application_id", false);
    v.throwIfAny();
    String number = TextRule.normaliseMsisdn(msisdn);
    return store.create(r.accountId(), number, application)
        .recover(e -> Future.failedFuture(
            e instanceof StoreException.Conflict ? ApiProblem.conflict("the number " + number + " is taken")
                : e instanceof StoreException.NotFound ? ApplicationLinks.unknown("application_id")
                : e))
        .map(n -> Reply.created(json(n), self(n.msisdn())));
  }

  private Future<Reply> list(ApiRequest r) {
    Paging p = r.paging();
    return store.list(r.accountId(), p.page(), p.pageSize())
        .map(page -> Reply.ok(Paging.render(page, BASE, "numbers", NumbersApi::json)));
  }

  private Future<Reply> get(ApiRequest r) {
    return store.get(r.accountId(), msisdn(r)).map(n -> Reply.ok(json(n)));
  }

  /** {@code {"application_id": "<uuid>"}} links, {@code {"application_id": null}} unlinks; the field is required. */
  private Future<Reply> link(ApiRequest r) {
    String msisdn = msisdn(r);
    Violations v = new Violations();
    Fields f = Fields.of(r.body(), v);
    if (!f.mentions("application_id")) f.invalid("application_id", "is required: an application id, or null to unlink");
    UUID application = f.uuid("application_id", false);
    v.throwIfAny();
    return links.whichMissing(store.link(r.accountId(), msisdn, application), r.accountId(), application, "application_id")
        .map(n -> Reply.ok(json(n)));
  }

  private Future<Reply> delete(ApiRequest r) {
    return store.delete(r.accountId(), msisdn(r)).map(v -> Reply.noContent());
  }

  private static String msisdn(ApiRequest r) {
    String number = TextRule.normaliseMsisdn(r.path("msisdn"));
    if (number == null) throw ApiProblem.notFound("no resource at " + r.requestPath());
    return number;
  }

  static String self(String msisdn) { return BASE + '/' + msisdn; }

  static JsonObject json(NumberRecord n) {
    return new JsonObject()
        .put("msisdn", n.msisdn())
        .put("application_id", n.applicationId() == null ? null : n.applicationId().toString())
        .put("created_at", Times.format(n.createdAt()))
        .put("updated_at", Times.format(n.updatedAt()))
        .put("_links", Links.self(self(n.msisdn())));
  }
}
