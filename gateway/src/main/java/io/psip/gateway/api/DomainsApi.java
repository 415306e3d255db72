package io.psip.gateway.api;

import io.psip.gateway.store.ApplicationStore;
import io.psip.gateway.store.DomainRecord;
import io.psip.gateway.store.DomainStore;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/** {@code /v1/psip}: Programmable SIP domains. Names are unique across all accounts. */
final class DomainsApi {
  static final String BASE = "/v1/psip";

  private final DomainStore store;
  private final ApplicationLinks links;

  DomainsApi(DomainStore store, ApplicationStore applications) {
    this.store = store;
    this.links = new ApplicationLinks(applications);
  }

  List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(POST, BASE, "createDomain", this::create),
        new Endpoint(GET, BASE, "listDomains", this::list),
        new Endpoint(GET, BASE + "/{name}", "getDomain", this::get),
        new Endpoint(PUT, BASE + "/{name}", "updateDomain", this::update),
        new Endpoint(DELETE, BASE + "/{name}", "deleteDomain", this::delete));
  }

  private Future<Reply> create(ApiRequest r) {
    DomainBody b = DomainBody.parse(r.body(), null);
    return store.create(b.toRecord(r.accountId()))
        .recover(e -> Future.failedFuture(translateCreate(e, b.name())))
        .map(d -> Reply.created(json(d), self(d.name())));
  }

  private static Throwable translateCreate(Throwable e, String name) {
    if (e instanceof StoreException.Conflict) return ApiProblem.conflict("the domain name " + name + " is taken");
    // the only thing create can miss is the application: the domain does not exist yet
    if (e instanceof StoreException.NotFound) return ApplicationLinks.unknown("application_id");
    return e;
  }

  private Future<Reply> list(ApiRequest r) {
    Paging p = r.paging();
    return store.list(r.accountId(), p.page(), p.pageSize())
        .map(page -> Reply.ok(Paging.render(page, BASE, "domains", DomainsApi::json)));
  }

  private Future<Reply> get(ApiRequest r) {
    return store.get(r.accountId(), name(r)).map(d -> Reply.ok(json(d)));
  }

  private Future<Reply> update(ApiRequest r) {
    String name = name(r);
    DomainBody b = DomainBody.parse(r.body(), name);
    return links.whichMissing(store.update(b.toRecord(r.accountId())), r.accountId(), b.applicationId(), "application_id")
        .map(d -> Reply.ok(json(d)));
  }

  private Future<Reply> delete(ApiRequest r) {
    return store.delete(r.accountId(), name(r)).map(v -> Reply.noContent());
  }

  /** A path name that breaks the naming rule names no domain: 404 without asking the store. */
  static String name(ApiRequest r) {
    String name = r.path("name");
    if (TextRule.DOMAIN_NAME.check(name) != null) throw ApiProblem.notFound("no resource at " + r.requestPath());
    return name;
  }

  static String self(String name) { return BASE + '/' + name; }

  static JsonObject json(DomainRecord d) {
    return new JsonObject()
        .put("name", d.name())
        .put("application_id", d.applicationId() == null ? null : d.applicationId().toString())
        .put("acl", new JsonArray(List.copyOf(d.acl())))
        .put("digest_auth", d.digestAuth())
        .put("tls", d.tls())
        .put("srtp", d.srtp())
        .put("domain_type", d.domainType())
        .put("created_at", Times.format(d.createdAt()))
        .put("updated_at", Times.format(d.updatedAt()))
        .put("_links", Links.self(self(d.name())));
  }
}
