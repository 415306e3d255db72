package io.psip.gateway.store;

import io.vertx.core.Future;

import java.util.UUID;

public interface NumberStore {
  /** Fails with Conflict when any account owns the number, NotFound when the application is not the account's. */
  Future<NumberRecord> create(String accountId, String msisdn, UUID applicationId);

  Future<NumberRecord> get(String accountId, String msisdn);

  Future<Page<NumberRecord>> list(String accountId, int page, int pageSize);

  /** Links the number to an application, or unlinks it with {@code null}; fails with NotFound. */
  Future<NumberRecord> link(String accountId, String msisdn, UUID applicationId);

  /** Releases the number; fails with NotFound. */
  Future<Void> delete(String accountId, String msisdn);
}
