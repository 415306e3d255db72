package io.psip.gateway.directory;

import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.gateway.store.Stores;
import io.psip.gateway.store.pg.PgDirectorySnapshot.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps this node's {@link InMemoryDirectory} in step with the database: a full load at start, every change
 * published on {@link Stores#CHANGES_ADDRESS} applied as it arrives (versions make the order irrelevant), and a full
 * reload whenever {@link Stores#RELOAD_ADDRESS} asks. Changes that arrive while a snapshot is being read are held
 * and applied once it is installed, so none is lost to the reload. Everything runs on this verticle's context.
 */
public final class DirectoryVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(DirectoryVerticle.class);
  static final long RETRY_MS = 2000;

  private final InMemoryDirectory directory;
  private final Supplier<Future<Snapshot>> snapshots;
  /** Non-null while a reload runs: the changes that arrived meanwhile. */
  private List<DirectoryChange> held;
  private Promise<Void> reloading;
  private boolean reloadAgain;
  private long retryTimer = -1;

  public DirectoryVerticle(InMemoryDirectory directory, Supplier<Future<Snapshot>> snapshots) {
    this.directory = directory;
    this.snapshots = snapshots;
  }

  @Override
  public Future<?> start() {
    var changes = vertx.eventBus().<JsonObject>consumer(Stores.CHANGES_ADDRESS, this::onChange);
    var reloads = vertx.eventBus().<Object>consumer(Stores.RELOAD_ADDRESS, m -> reload());
    // listen first, then read: a change committed during the first load is held, not missed
    return Future.all(changes.completion(), reloads.completion())
        .compose(v -> reload().onFailure(e -> cancelRetry())); // a failed first load fails the start: no retries
  }

  private void cancelRetry() {
    if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
    retryTimer = -1;
  }

  @Override
  public Future<?> stop() {
    cancelRetry();
    return Future.succeededFuture();
  }

  private void onChange(Message<JsonObject> message) {
    DirectoryChange change;
    try {
      change = DirectoryChangeJson.decode(message.body());
    } catch (IllegalArgumentException e) {
      log.warn("ignored a malformed directory change: {}", e.getMessage());
      return;
    }
    // a failing listener cannot stop the next change: InMemoryDirectory isolates its listeners
    if (held != null) held.add(change);
    else directory.apply(change);
  }

  /** Reads a snapshot and installs it; while one runs, a new request runs once more after it. */
  Future<Void> reload() {
    if (reloading != null) {
      reloadAgain = true;
      return reloading.future();
    }
    cancelRetry();
    reloading = Promise.promise();
    held = new ArrayList<>();
    long t0 = System.nanoTime();
    Future<Void> done = reloading.future();
    snapshots.get().onComplete(result -> {
      List<DirectoryChange> pending = held;
      held = null;
      if (result.succeeded()) {
        Snapshot s = result.result();
        directory.reload(s.changes(), s.version());
        log.info("directory loaded at version {} ({} ms): {}", s.version(), (System.nanoTime() - t0) / 1_000_000,
            counts());
      }
      pending.forEach(directory::apply);
      Promise<Void> finished = reloading;
      reloading = null;
      if (result.failed()) {
        log.warn("directory reload failed, retrying in {} ms: {}", RETRY_MS, result.cause().getMessage());
        retryTimer = vertx.setTimer(RETRY_MS, id -> {
          retryTimer = -1;
          reload();
        });
        finished.fail(result.cause());
      } else {
        finished.complete();
      }
      if (reloadAgain) {
        reloadAgain = false;
        reload();
      }
    });
    return done;
  }

  private String counts() {
    return directory.size(DirectoryEntry.Kind.ACCOUNT) + " accounts, "
        + directory.size(DirectoryEntry.Kind.APPLICATION) + " applications, "
        + directory.size(DirectoryEntry.Kind.DOMAIN) + " domains, "
        + directory.size(DirectoryEntry.Kind.DOMAIN_USER) + " domain users, "
        + directory.size(DirectoryEntry.Kind.NUMBER) + " numbers";
  }
}
