package io.psip.gateway.api;

import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.DigestVerifier;
import io.psip.gateway.store.DomainUserRecord;
import io.psip.gateway.store.DomainUserStore;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

/**
 * {@code /v1/psip/{name}/users}: a domain's digest users. The secret is write-only: only its HA1s for the domain's
 * realm {@code <name>.<sip.domain>} are stored (MD5 and SHA-256, RFC 7616), and no response ever shows it.
 */
final class DomainUsersApi {
  private final DomainUserStore store;
  private final String sipDomain;

  DomainUsersApi(DomainUserStore store, String sipDomain) {
    this.store = store;
    this.sipDomain = sipDomain;
  }

  List<Endpoint> endpoints() {
    String users = DomainsApi.BASE + "/{name}/users";
    return List.of(
        new Endpoint(POST, users, "createDomainUser", this::create),
        new Endpoint(GET, users, "listDomainUsers", this::list),
        new Endpoint(GET, users + "/{key}", "getDomainUser", this::get),
        new Endpoint(PUT, users + "/{key}", "updateDomainUser", this::update),
        new Endpoint(DELETE, users + "/{key}", "deleteDomainUser", this::delete));
  }

  /** The digest realm of a domain's users. */
  String realm(String domain) { return domain + '.' + sipDomain; }

  private Future<Reply> create(ApiRequest r) {
    String domain = DomainsApi.name(r);
    Violations v = new Violations();
    Fields f = Fields.of(r.body(), v);
    String key = f.text("key", TextRule.USER_KEY, true);
    String secret = f.text("secret", TextRule.USER_SECRET, true);
    v.throwIfAny();
    return store.create(r.accountId(), domain, key, ha1(DigestAlgorithm.MD5, key, domain, secret), ha1(DigestAlgorithm.SHA_256, key, domain, secret))
        .recover(e -> e instanceof StoreException.Conflict ? whyConflict(r.accountId(), domain, key) : Future.failedFuture(e))
        .map(u -> Reply.created(json(u), self(u)));
  }

  /** The store's Conflict covers a taken key and a full domain: whether the key exists tells which. */
  private Future<DomainUserRecord> whyConflict(String accountId, String domain, String key) {
    return store.get(accountId, domain, key).transform(existing -> Future.failedFuture(ApiProblem.conflict(
        existing.succeeded()
            ? "the domain " + domain + " already has a user " + key
            : "the domain " + domain + " has " + DomainUserStore.MAX_USERS_PER_DOMAIN + " users, the most it may have")));
  }

  private Future<Reply> list(ApiRequest r) {
    String domain = DomainsApi.name(r);
    Paging p = r.paging();
    return store.list(r.accountId(), domain, p.page(), p.pageSize())
        .map(page -> Reply.ok(Paging.render(page, DomainsApi.self(domain) + "/users", "users", DomainUsersApi::json)));
  }

  private Future<Reply> get(ApiRequest r) {
    return store.get(r.accountId(), DomainsApi.name(r), key(r)).map(u -> Reply.ok(json(u)));
  }

  /** PUT sets a new secret; {@code key} may be repeated in the body but not changed. */
  private Future<Reply> update(ApiRequest r) {
    String domain = DomainsApi.name(r);
    String key = key(r);
    Violations v = new Violations();
    Fields f = Fields.of(r.body(), v);
    String bodyKey = f.text("key", TextRule.USER_KEY, false);
    if (bodyKey != null && !bodyKey.equals(key)) f.invalid("key", "cannot be changed: delete the user and create it anew");
    String secret = f.text("secret", TextRule.USER_SECRET, true);
    v.throwIfAny();
    return store.update(r.accountId(), domain, key, ha1(DigestAlgorithm.MD5, key, domain, secret), ha1(DigestAlgorithm.SHA_256, key, domain, secret))
        .map(u -> Reply.ok(json(u)));
  }

  private Future<Reply> delete(ApiRequest r) {
    return store.delete(r.accountId(), DomainsApi.name(r), key(r)).map(v -> Reply.noContent());
  }

  private String ha1(DigestAlgorithm algorithm, String key, String domain, String secret) {
    return DigestVerifier.ha1(algorithm, key, realm(domain), secret);
  }

  private static String key(ApiRequest r) {
    String key = r.path("key");
    if (TextRule.USER_KEY.check(key) != null) throw ApiProblem.notFound("no resource at " + r.requestPath());
    return key;
  }

  static String self(DomainUserRecord u) { return DomainsApi.self(u.domain()) + "/users/" + Links.segment(u.key()); }

  static JsonObject json(DomainUserRecord u) {
    return new JsonObject()
        .put("key", u.key())
        .put("domain", u.domain())
        .put("created_at", Times.format(u.createdAt()))
        .put("updated_at", Times.format(u.updatedAt()))
        .put("_links", Links.self(self(u)));
  }
}
