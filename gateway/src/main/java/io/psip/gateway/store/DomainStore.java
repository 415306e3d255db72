package io.psip.gateway.store;

import io.vertx.core.Future;

public interface DomainStore {
  /**
   * Fails with Conflict when the name is taken by any account, NotFound when the application is not the account's.
   * Concurrent creations of one name: exactly one succeeds.
   */
  Future<DomainRecord> create(DomainRecord domain);

  Future<DomainRecord> get(String accountId, String name);

  Future<Page<DomainRecord>> list(String accountId, int page, int pageSize);

  /** Replaces the mutable fields; fails with NotFound (domain or application). */
  Future<DomainRecord> update(DomainRecord domain);

  /** Deletes the domain and its users; fails with NotFound. */
  Future<Void> delete(String accountId, String name);
}
