package io.psip.gateway.db;

import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.DigestVerifier;
import io.psip.gateway.accounts.Secrets;
import io.psip.gateway.config.GatewayConfig;
import io.psip.gateway.store.AccountCredentials;
import io.psip.gateway.store.AccountRecord;
import io.psip.gateway.store.AccountStore;
import io.psip.gateway.store.NewAccount;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;

import static io.psip.gateway.config.ConfigKeys.API_KEY;
import static io.psip.gateway.config.ConfigKeys.API_SECRET;
import static io.psip.gateway.config.ConfigKeys.API_SIGNATURE_SECRET;
import static io.psip.gateway.config.ConfigKeys.SIP_DOMAIN;

/**
 * Makes sure the primary account exists at start-up. With {@code api.key}/{@code api.secret} configured, the stored
 * primary follows them (created, re-keyed, or given new credentials when the secret no longer verifies or the SIP
 * Connect realm moved). Without them, the stored primary is kept; on the very first start one is generated and its
 * credentials are printed once on stdout, the only place they ever appear. Secrets are hashed on a worker thread and
 * never logged.
 */
public final class PrimaryAccount {
  private static final Logger log = LoggerFactory.getLogger(PrimaryAccount.class);
  static final String NAME = "primary";
  static final int SECRET_LENGTH = 16;
  static final int SIGNATURE_SECRET_LENGTH = 32;

  private final Vertx vertx;
  private final AccountStore accounts;
  private final String key;
  private final String secret;
  private final String configuredSignature;
  private final String realm;
  private final PrintStream out;

  private PrimaryAccount(Vertx vertx, AccountStore accounts, GatewayConfig config, PrintStream out) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.key = config.get(API_KEY);
    this.secret = config.get(API_SECRET);
    this.configuredSignature = config.get(API_SIGNATURE_SECRET);
    this.realm = sipConnectRealm(config.get(SIP_DOMAIN));
    this.out = out;
  }

  /** SIP Connect's digest realm: {@code sip.<sip.domain>}, the host SIP Connect requests are sent to. */
  public static String sipConnectRealm(String sipDomain) { return "sip." + sipDomain; }

  /** Ensures the primary account; completes with its API key. */
  public static Future<String> ensure(Vertx vertx, AccountStore accounts, GatewayConfig config, PrintStream out) {
    return new PrimaryAccount(vertx, accounts, config, out).ensure();
  }

  private Future<String> ensure() {
    return accounts.primary().compose(stored -> {
      if (stored == null) return key.isEmpty() ? generate() : configure(null, null);
      return accounts.credentials(stored.apiKey()).compose(creds -> key.isEmpty() ? keep(stored, creds)
          : configure(stored, creds));
    });
  }

  /** {@code api.key}/{@code api.secret} are set: the stored primary must match them. */
  private Future<String> configure(AccountRecord stored, AccountCredentials creds) {
    String signature = !configuredSignature.isEmpty() ? configuredSignature
        : creds != null ? creds.signatureSecret() : Secrets.newSecret(SIGNATURE_SECRET_LENGTH);
    return vertx.executeBlocking(() -> {
      boolean sameKey = stored != null && stored.apiKey().equals(key);
      boolean verifies = sameKey && Secrets.verify(secret, stored.secretHash());
      String md5 = DigestVerifier.ha1(DigestAlgorithm.MD5, key, realm, secret);
      String sha256 = DigestVerifier.ha1(DigestAlgorithm.SHA_256, key, realm, secret);
      if (verifies && creds != null && realm.equals(creds.digestRealm()) && md5.equals(creds.ha1Md5())
          && sha256.equals(creds.ha1Sha256()) && signature.equals(creds.signatureSecret())) {
        return null; // up to date: nothing to write
      }
      String hash = verifies ? stored.secretHash() : Secrets.hash(secret);
      String name = stored == null ? NAME : stored.name();
      return new NewAccount(key, name, true, hash, realm, md5, sha256, signature);
    }, false).compose(update -> {
      if (update == null) {
        log.info("primary account {} (from api.key)", key);
        return Future.succeededFuture(key);
      }
      return accounts.upsertPrimary(update).map(saved -> {
        if (stored == null) log.info("primary account {} created from api.key", key);
        else if (!stored.apiKey().equals(key)) log.info("primary account re-keyed from {} to {} (api.key changed)",
            stored.apiKey(), key);
        else log.info("primary account {}: credentials updated from configuration", key);
        return key;
      });
    });
  }

  /** Nothing configured and a primary is stored: keep it (its secret is not known here, only its hash). */
  private Future<String> keep(AccountRecord stored, AccountCredentials creds) {
    if (creds != null && !realm.equals(creds.digestRealm())) {
      log.warn("the primary account's SIP Connect credentials were made for realm {}, but sip.domain now gives {}: "
          + "set api.key and api.secret to renew them", creds.digestRealm(), realm);
    }
    if (creds == null || configuredSignature.isEmpty() || configuredSignature.equals(creds.signatureSecret())) {
      log.info("primary account {}", stored.apiKey());
      return Future.succeededFuture(stored.apiKey());
    }
    NewAccount update = new NewAccount(stored.apiKey(), stored.name(), true, stored.secretHash(),
        creds.digestRealm(), creds.ha1Md5(), creds.ha1Sha256(), configuredSignature);
    return accounts.upsertPrimary(update).map(saved -> {
      log.info("primary account {}: signature secret updated from api.signature_secret", stored.apiKey());
      return stored.apiKey();
    });
  }

  /** First start without configured credentials: generate them, store them, print them once. */
  private Future<String> generate() {
    String newKey = Secrets.newApiKey();
    String newSecret = Secrets.newSecret(SECRET_LENGTH);
    String signature = configuredSignature.isEmpty() ? Secrets.newSecret(SIGNATURE_SECRET_LENGTH) : configuredSignature;
    return vertx.executeBlocking(() -> new NewAccount(newKey, NAME, true, Secrets.hash(newSecret), realm,
            DigestVerifier.ha1(DigestAlgorithm.MD5, newKey, realm, newSecret), DigestVerifier.ha1(DigestAlgorithm.SHA_256, newKey, realm, newSecret),
            signature), false)
        .compose(accounts::upsertPrimary)
        .map(saved -> {
          printOnce(newKey, newSecret, configuredSignature.isEmpty() ? signature : null);
          log.info("primary account {} generated (credentials printed on stdout)", newKey);
          return newKey;
        })
        .recover(e -> {
          if (!(e instanceof StoreException.Conflict)) return Future.failedFuture(e);
          // another node sharing this database created the primary at the same moment: use theirs
          return accounts.primary().map(AccountRecord::apiKey);
        });
  }

  private void printOnce(String apiKey, String apiSecret, String signatureSecret) {
    StringBuilder s = new StringBuilder()
        .append("psip: generated the primary account. These credentials are shown only this once:\n")
        .append("  api_key:          ").append(apiKey).append('\n')
        .append("  api_secret:       ").append(apiSecret).append('\n');
    if (signatureSecret != null) s.append("  signature_secret: ").append(signatureSecret).append('\n');
    s.append("  To use your own instead, set api.key and api.secret (PSIP_API_KEY, PSIP_API_SECRET) and restart.\n");
    out.print(s);
    out.flush();
  }
}
