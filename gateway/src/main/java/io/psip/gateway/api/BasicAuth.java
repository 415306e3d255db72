package io.psip.gateway.api;

import io.psip.gateway.accounts.Secrets;
import io.psip.gateway.store.AccountRecord;
import io.psip.gateway.store.AccountStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic with {@code api_key:api_secret} on every API operation. A missing header, an unknown key and a wrong
 * secret get the same 401 after the same work (an unknown key is checked against a dummy hash), so the answer tells
 * nothing about which keys exist. PBKDF2 runs on a small worker pool of its own, so a flood of bad credentials cannot
 * starve other blocking work; verified credentials are then served from a {@link CredentialCache}. The secret is
 * never logged.
 */
final class BasicAuth implements Handler<RoutingContext> {
  private final AccountStore accounts;
  private final WorkerExecutor hashing;
  private final CredentialCache cache;

  BasicAuth(AccountStore accounts, WorkerExecutor hashing, CredentialCache cache) {
    this.accounts = accounts;
    this.hashing = hashing;
    this.cache = cache;
  }

  record Credentials(String apiKey, String secret) {}

  @Override
  public void handle(RoutingContext ctx) {
    Credentials c = parse(ctx.request().getHeader("Authorization"));
    if (c == null) {
      ctx.fail(ApiProblem.unauthorized());
      return;
    }
    AccountRecord cached = cache.lookup(c.apiKey, c.secret);
    if (cached != null) {
      admit(ctx, cached);
      return;
    }
    accounts.find(c.apiKey)
        .compose(account -> verify(c, account))
        .onComplete(r -> {
          if (r.failed()) ctx.fail(r.cause());
          else if (r.result() == null) ctx.fail(ApiProblem.unauthorized());
          else {
            cache.put(c.apiKey, c.secret, r.result());
            admit(ctx, r.result());
          }
        });
  }

  private Future<AccountRecord> verify(Credentials c, AccountRecord account) {
    return hashing.executeBlocking(() -> {
      boolean ok = Secrets.verify(c.secret, account == null ? Dummy.HASH : account.secretHash());
      return ok && account != null ? account : null;
    }, false);
  }

  private static void admit(RoutingContext ctx, AccountRecord account) {
    ctx.put(ApiRequest.CALLER, account);
    ctx.next();
  }

  /** {@code Basic base64(key:secret)}; {@code null} when absent or malformed. */
  static Credentials parse(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1 || decoded.length() > 1024) return null;
    return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** A hash no secret matches, computed on first use by a worker thread (PBKDF2 is slow on purpose). */
  private static final class Dummy {
    static final String HASH = Secrets.hash(Secrets.newSecret(32));
  }
}
