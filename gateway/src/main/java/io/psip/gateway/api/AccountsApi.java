package io.psip.gateway.api;

import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.DigestVerifier;
import io.psip.gateway.accounts.Secrets;
import io.psip.gateway.store.AccountRecord;
import io.psip.gateway.store.AccountStore;
import io.psip.gateway.store.NewAccount;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

/**
 * {@code /v1/accounts}: only the primary account sees these paths (to any other they do not exist: 404). A new
 * account's secrets are shown once, in the 201; what is stored cannot give them back: a PBKDF2 hash of the API secret
 * for Basic auth, its HA1s for SIP Connect digest in realm {@code sip.<sip.domain>}, and the signature secret (needed
 * to sign webhooks).
 */
final class AccountsApi {
  static final String BASE = "/v1/accounts";
  static final int API_SECRET_LENGTH = 16;
  static final int SIGNATURE_SECRET_LENGTH = 32;
  private static final int KEY_ATTEMPTS = 5;

  private final AccountStore store;
  private final WorkerExecutor hashing;
  private final CredentialCache cache;
  private final String sipConnectRealm;

  AccountsApi(AccountStore store, WorkerExecutor hashing, CredentialCache cache, String sipDomain) {
    this.store = store;
    this.hashing = hashing;
    this.cache = cache;
    this.sipConnectRealm = "sip." + sipDomain;
  }

  List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(POST, BASE, "createAccount", primaryOnly(this::create)),
        new Endpoint(GET, BASE, "listAccounts", primaryOnly(this::list)),
        new Endpoint(GET, BASE + "/{api_key}", "getAccount", primaryOnly(this::get)),
        new Endpoint(DELETE, BASE + "/{api_key}", "deleteAccount", primaryOnly(this::delete)));
  }

  private static Operation primaryOnly(Operation op) {
    return r -> {
      if (!r.caller().primary()) throw ApiProblem.notFound("no resource at " + r.requestPath());
      return op.handle(r);
    };
  }

  private record Created(NewAccount stored, String apiSecret, AccountRecord record) {}

  private Future<Reply> create(ApiRequest r) {
    Violations v = new Violations();
    String name = Fields.of(r.body(), v).text("name", TextRule.NAME, true);
    v.throwIfAny();
    return create(name, KEY_ATTEMPTS).map(c -> {
      JsonObject body = new JsonObject()
          .put("api_key", c.stored.apiKey())
          .put("api_secret", c.apiSecret)
          .put("signature_secret", c.stored.signatureSecret())
          .put("name", name)
          .put("primary", false)
          .put("created_at", Times.format(c.record.createdAt()))
          .put("_links", Links.self(self(c.stored.apiKey())));
      return Reply.created(body, self(c.stored.apiKey()));
    });
  }

  /** Keys are 8 hex digits, so a collision is possible: try another key, a few times. */
  private Future<Created> create(String name, int attemptsLeft) {
    return hashing.executeBlocking(() -> newAccount(name), false)
        .compose(c -> store.create(c.stored).map(stored -> new Created(c.stored, c.apiSecret, stored)))
        .recover(e -> e instanceof StoreException.Conflict && attemptsLeft > 1
            ? create(name, attemptsLeft - 1)
            : Future.failedFuture(e));
  }

  /** Blocking: PBKDF2. */
  private Created newAccount(String name) {
    String key = Secrets.newApiKey();
    String secret = Secrets.newSecret(API_SECRET_LENGTH);
    NewAccount account = new NewAccount(key, name, false, Secrets.hash(secret), sipConnectRealm,
        DigestVerifier.ha1(DigestAlgorithm.MD5, key, sipConnectRealm, secret), DigestVerifier.ha1(DigestAlgorithm.SHA_256, key, sipConnectRealm, secret),
        Secrets.newSecret(SIGNATURE_SECRET_LENGTH));
    return new Created(account, secret, null);
  }

  private Future<Reply> list(ApiRequest r) {
    Paging p = r.paging();
    return store.list().map(all -> Reply.ok(Paging.render(p.slice(all), BASE, "accounts", AccountsApi::json)));
  }

  private Future<Reply> get(ApiRequest r) {
    return store.find(r.path("api_key")).map(a -> {
      if (a == null) throw ApiProblem.notFound("no resource at " + r.requestPath());
      return Reply.ok(json(a));
    });
  }

  private Future<Reply> delete(ApiRequest r) {
    String key = r.path("api_key");
    if (key.equals(r.accountId())) throw ApiProblem.conflict("the primary account cannot be deleted");
    return store.delete(key).map(v -> {
      cache.invalidate(key);
      return Reply.noContent();
    });
  }

  static String self(String apiKey) { return BASE + '/' + Links.segment(apiKey); }

  static JsonObject json(AccountRecord a) {
    return new JsonObject()
        .put("api_key", a.apiKey())
        .put("name", a.name())
        .put("primary", a.primary())
        .put("created_at", Times.format(a.createdAt()))
        .put("_links", Links.self(self(a.apiKey())));
  }
}
