package io.psip.gateway.directory;

import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
import io.psip.directory.NumberEntry;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.gateway.store.Stores;
import io.psip.gateway.store.pg.PgDirectorySnapshot.Snapshot;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.psip.gateway.directory.DirectoryAwait.awaitDirectory;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verticle's ordering rules, with snapshots handed in by the test so a reload can be held open at will. (The
 * same verticle over the real database is exercised by {@link GatewayDirectoryTest}.)
 */
class DirectoryVerticleTest {
  private Vertx vertx;
  private InMemoryDirectory directory;
  /** Each reload takes the next promise's snapshot. */
  private BlockingQueue<Promise<Snapshot>> reloads;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    directory = new InMemoryDirectory();
    reloads = new LinkedBlockingQueue<>();
    Future<String> deployed = vertx.deployVerticle(new DirectoryVerticle(directory, () -> {
      // called on the verticle's context; the test completes the promise from its own thread, and the result is
      // handed back on the verticle's context, as the pool does
      Context verticle = vertx.getOrCreateContext();
      Promise<Snapshot> p = Promise.promise();
      Promise<Snapshot> delivered = Promise.promise();
      p.future().onComplete(result -> verticle.runOnContext(v -> delivered.handle(result)));
      reloads.add(p);
      return delivered.future();
    }));
    nextReload().complete(new Snapshot(List.of(change(domain("seed", "app-1"), 1)), 1));
    deployed.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception { vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); }

  private Promise<Snapshot> nextReload() throws InterruptedException {
    Promise<Snapshot> p = reloads.poll(10, TimeUnit.SECONDS);
    assertThat(p).as("a reload was started").isNotNull();
    return p;
  }

  private static DomainEntry domain(String name, String app) {
    return new DomainEntry(name, "acct", app, List.of("10.0.0.0/8"), false, "optional", "optional", "app");
  }

  private static DirectoryChange change(DirectoryEntry e, long version) { return DirectoryChange.upsert(e, version); }

  private void publish(DirectoryChange c) {
    vertx.eventBus().publish(Stores.CHANGES_ADDRESS, DirectoryChangeJson.encode(c));
  }

  @Test
  void theFirstSnapshotIsLoadedAtStart() {
    assertThat(directory.domain("seed")).isEqualTo(domain("seed", "app-1"));
  }

  @Test
  void notificationsArrivingOutOfOrderConvergeOnTheNewest() throws Exception {
    publish(change(domain("racy", "app-new"), 20));
    publish(change(domain("racy", "app-old"), 10)); // older: ignored
    publish(DirectoryChange.delete(DirectoryEntry.Kind.NUMBER, "1555", 31));
    publish(change(new NumberEntry("1555", "acct", null), 30)); // created before it was deleted: stays deleted
    publish(change(new NumberEntry("1666", "acct", null), 40)); // a marker: everything before it has been applied
    awaitDirectory(directory, () -> directory.number("1666") != null);

    assertThat(directory.domain("racy").applicationId()).isEqualTo("app-new");
    assertThat(directory.number("1555")).isNull();
  }

  @Test
  void aReloadRepairsAMissedNotification() throws Exception {
    // the database gained "missed" (version 5) and lost "seed" without this node hearing of either
    vertx.eventBus().publish(Stores.RELOAD_ADDRESS, new JsonObject());
    nextReload().complete(new Snapshot(List.of(change(domain("missed", "app-1"), 5)), 5));
    awaitDirectory(directory, () -> directory.domain("missed") != null);
    assertThat(directory.domain("seed")).isNull();
  }

  @Test
  void changesArrivingDuringAReloadAreHeldAndAppliedAfterIt() throws Exception {
    vertx.eventBus().publish(Stores.RELOAD_ADDRESS, new JsonObject());
    Promise<Snapshot> reading = nextReload();
    // version 9 but committed after the snapshot (at 10) was taken, so absent from it: applied before the snapshot
    // is installed, the reload would remove it as deleted; held, it is applied after and survives
    publish(change(domain("late", "app-2"), 9));
    // also during the reload: a newer version of a row the snapshot holds at an older one
    publish(change(domain("seed", "app-3"), 11));
    // held until the snapshot is installed, so nothing is visible yet, and nothing is lost to it
    reading.complete(new Snapshot(List.of(change(domain("seed", "app-1"), 1)), 10));
    awaitDirectory(directory, () -> directory.domain("late") != null
        && directory.domain("seed").applicationId().equals("app-3"));
    assertThat(directory.domain("late").applicationId()).isEqualTo("app-2");
  }

  @Test
  void aFailedReloadIsRetried() throws Exception {
    vertx.eventBus().publish(Stores.RELOAD_ADDRESS, new JsonObject());
    nextReload().fail("database unavailable");
    Promise<Snapshot> retry = reloads.poll(DirectoryVerticle.RETRY_MS + 10_000, TimeUnit.MILLISECONDS);
    assertThat(retry).as("retried").isNotNull();
    retry.complete(new Snapshot(List.of(change(domain("after-outage", "app-1"), 7)), 7));
    awaitDirectory(directory, () -> directory.domain("after-outage") != null);
  }

  @Test
  void aMalformedNotificationIsIgnored() throws Exception {
    vertx.eventBus().publish(Stores.CHANGES_ADDRESS, new JsonObject().put("kind", "nonsense"));
    publish(change(domain("fine", "app-1"), 50));
    awaitDirectory(directory, () -> directory.domain("fine") != null);
    assertThat(directory.size(DirectoryEntry.Kind.DOMAIN)).isEqualTo(2);
  }
}
