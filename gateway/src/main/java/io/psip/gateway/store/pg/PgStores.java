package io.psip.gateway.store.pg;

import io.psip.gateway.directory.ChangePublisher;
import io.psip.gateway.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** The PostgreSQL stores of one node, over its shared pool. */
public final class PgStores {
  private PgStores() {}

  /**
   * @param timeoutMs the longest one store operation may take before it fails with
   *                  {@link io.psip.gateway.store.StoreException.Unavailable}
   */
  public static Stores create(Vertx vertx, Pool pool, long timeoutMs) {
    PgSupport pg = new PgSupport(pool, new ChangePublisher(vertx), timeoutMs);
    return new Stores(new PgAccountStore(pg), new PgApplicationStore(pg), new PgDomainStore(pg),
        new PgDomainUserStore(pg), new PgNumberStore(pg), new PgCallStore(pg));
  }
}
