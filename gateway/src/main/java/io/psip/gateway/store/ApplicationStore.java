package io.psip.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

public interface ApplicationStore {
  Future<ApplicationRecord> create(String accountId, String name, JsonObject voice);

  /** Fails with NotFound when absent or another account's. */
  Future<ApplicationRecord> get(String accountId, UUID id);

  Future<Page<ApplicationRecord>> list(String accountId, int page, int pageSize);

  /** Fails with NotFound. */
  Future<ApplicationRecord> replace(String accountId, UUID id, String name, JsonObject voice);

  /** Fails with NotFound, or Conflict while a domain or number uses it. */
  Future<Void> delete(String accountId, UUID id);
}
