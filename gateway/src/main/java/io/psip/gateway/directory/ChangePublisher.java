package io.psip.gateway.directory;

import io.psip.directory.DirectoryChange;
import io.psip.gateway.store.Stores;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * Publishes committed changes on {@link Stores#CHANGES_ADDRESS}, one JSON message per change, to every node's
 * directory. Call it only after the transaction that made the changes has committed.
 */
public final class ChangePublisher {
  private final Vertx vertx;

  public ChangePublisher(Vertx vertx) { this.vertx = vertx; }

  public void publish(List<DirectoryChange> changes) {
    for (DirectoryChange c : changes) vertx.eventBus().publish(Stores.CHANGES_ADDRESS, DirectoryChangeJson.encode(c));
  }

  public void publish(DirectoryChange change) { publish(List.of(change)); }
}
