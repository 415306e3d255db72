package io.psip.gateway.store;

import io.vertx.core.Future;

import java.util.List;

public interface AccountStore {
  /** The account, or {@code null}. */
  Future<AccountRecord> find(String apiKey);

  /** The primary account, or {@code null} before the first start. */
  Future<AccountRecord> primary();

  /** Creates or replaces the primary account (configuration changed its key or secret). */
  Future<AccountRecord> upsertPrimary(NewAccount account);

  /** Fails with {@link StoreException.Conflict} when the key exists. */
  Future<AccountRecord> create(NewAccount account);

  /** Every account but the primary, oldest first. */
  Future<List<AccountRecord>> list();

  /** Deletes a non-primary account and everything it owns; fails with NotFound. */
  Future<Void> delete(String apiKey);

  /** The account's stored digest realm, HA1s and signature secret, or {@code null}. */
  Future<AccountCredentials> credentials(String apiKey);
}
