package io.psip.gateway.api;

import io.psip.gateway.store.ApplicationStore;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;

import java.util.UUID;

/**
 * Telling apart the two things a store update can miss: the resource itself (404) or the application it is being
 * linked to (422 naming the field). The stores report both as NotFound; only on that failure path is the
 * application looked up once more to say which.
 */
final class ApplicationLinks {
  private final ApplicationStore applications;

  ApplicationLinks(ApplicationStore applications) { this.applications = applications; }

  static ApiProblem unknown(String field) {
    return ApiProblem.invalid(field, "is not one of your applications");
  }

  <T> Future<T> whichMissing(Future<T> update, String accountId, UUID applicationId, String field) {
    return update.recover(e -> {
      if (!(e instanceof StoreException.NotFound) || applicationId == null) return Future.failedFuture(e);
      return applications.get(accountId, applicationId).transform(app -> {
        if (app.succeeded()) return Future.failedFuture(e); // the application is there: the resource is not
        return Future.failedFuture(app.cause() instanceof StoreException.NotFound ? unknown(field) : app.cause());
      });
    });
  }
}
