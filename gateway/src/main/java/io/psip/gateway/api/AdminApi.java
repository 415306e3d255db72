package io.psip.gateway.api;

import io.psip.gateway.store.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The admin REST API (CONTRACT §2): accounts, applications, PSIP domains and their users, numbers, every resource
 * scoped to the calling account.
 */
public final class AdminApi {
  private final Vertx vertx;
  private final Stores stores;
  private final String sipDomain;

  public AdminApi(Vertx vertx, Stores stores, String sipDomain) {
    this.vertx = vertx;
    this.stores = stores;
    this.sipDomain = sipDomain;
  }

  /** Adds the API's routes to {@code router}. */
  public void mount(Router router) {
    // routes land in the next commits
  }

  /** Releases what the API holds (its worker pool). */
  public Future<Void> close() { return Future.succeededFuture(); }
}
