package io.psip.gateway.store;

import io.vertx.core.Future;

public interface DomainUserStore {
  /** At most this many users per domain (Vonage's limit). */
  int MAX_USERS_PER_DOMAIN = 200;

  /** Fails with NotFound (domain), Conflict (key exists, or the domain has {@link #MAX_USERS_PER_DOMAIN}). */
  Future<DomainUserRecord> create(String accountId, String domain, String key, String ha1Md5, String ha1Sha256);

  Future<DomainUserRecord> get(String accountId, String domain, String key);

  Future<Page<DomainUserRecord>> list(String accountId, String domain, int page, int pageSize);

  /** Sets a new secret (as HA1s); fails with NotFound. */
  Future<DomainUserRecord> update(String accountId, String domain, String key, String ha1Md5, String ha1Sha256);

  Future<Void> delete(String accountId, String domain, String key);
}
