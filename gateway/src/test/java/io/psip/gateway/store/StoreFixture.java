package io.psip.gateway.store;

import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.DigestVerifier;
import io.psip.directory.DirectoryChange;
import io.psip.gateway.accounts.Secrets;
import io.psip.gateway.config.GatewayConfig;
import io.psip.gateway.db.Database;
import io.psip.gateway.directory.DirectoryChangeJson;
import io.psip.gateway.store.pg.PgStores;
import io.psip.gateway.testing.TestConfigs;
import io.psip.gateway.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real stores on a fresh database of the shared test PostgreSQL, migrated the way a node migrates it, with
 * every published directory change recorded. One per test class.
 */
public final class StoreFixture implements AutoCloseable {
  public final Vertx vertx;
  public final Database database;
  public final Stores stores;
  public final String dbUrl;
  private final BlockingQueue<DirectoryChange> published = new LinkedBlockingQueue<>();
  private final MessageConsumer<JsonObject> consumer;

  private StoreFixture(Vertx vertx, Database database, String dbUrl) {
    this.vertx = vertx;
    this.database = database;
    this.dbUrl = dbUrl;
    this.stores = PgStores.create(vertx, database.pool(), database.timeoutMs());
    this.consumer = vertx.eventBus().consumer(Stores.CHANGES_ADDRESS,
        m -> published.add(DirectoryChangeJson.decode(m.body())));
  }

  public static StoreFixture create(Class<?> owner) { return create(owner, Map.of()); }

  public static StoreFixture create(Class<?> owner, Map<String, String> extraEnv) {
    String url = TestDatabase.freshDatabase(owner);
    Map<String, String> env = new HashMap<>(TestConfigs.loopbackEnv(Path.of("target", "unused-data")));
    env.put("PSIP_DB_URL", url);
    env.putAll(extraEnv);
    GatewayConfig config = TestConfigs.load(env);
    Vertx vertx = Vertx.vertx();
    Database db = await(Database.open(vertx, config));
    StoreFixture f = new StoreFixture(vertx, db, url);
    await(f.consumer.completion());
    return f;
  }

  /**
   * The next {@code n} published changes that {@code which} accepts (others are skipped), in the order they
   * arrived. Event-bus delivery is asynchronous: waits up to 10 s for each.
   */
  public List<DirectoryChange> nextPublished(int n, Predicate<DirectoryChange> which) {
    List<DirectoryChange> out = new ArrayList<>();
    try {
      while (out.size() < n) {
        DirectoryChange c = published.poll(10, TimeUnit.SECONDS);
        if (c == null) throw new AssertionError("only " + out.size() + " of " + n + " changes published: " + out);
        if (which.test(c)) out.add(c);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Forgets what was published so far. */
  public void clearPublished() { published.clear(); }

  /** A new non-primary account with real hashes; returns its key. */
  public String newAccount(String name) {
    String key = Secrets.newApiKey();
    NewAccount a = new NewAccount(key, name, false, "pbkdf2-sha256$1$AA$AA", "sip.psip.local",
        DigestVerifier.ha1(DigestAlgorithm.MD5, key, "sip.psip.local", "secret"), DigestVerifier.ha1(DigestAlgorithm.SHA_256, key, "sip.psip.local", "secret"),
        Secrets.newSecret(32));
    await(stores.accounts().create(a));
    return key;
  }

  /** A new application with answer and event webhooks; returns its id. */
  public UUID newApplication(String account, String name) {
    return await(stores.applications().create(account, name, voice("https://example.com/answer"))).id();
  }

  public static JsonObject voice(String answer) {
    return new JsonObject()
        .put("webhooks", new JsonObject()
            .put("answer_url", new JsonObject().put("address", answer).put("http_method", "GET")
                .put("connect_timeout", 1000).put("socket_timeout", 5000))
            .put("event_url", new JsonObject().put("address", "https://example.com/event").put("http_method", "POST")
                .put("connect_timeout", 1000).put("socket_timeout", 5000)))
        .put("signed_callbacks", true);
  }

  public static DomainRecord domain(String name, String account, UUID application, String... acl) {
    return new DomainRecord(name, account, application, List.of(acl), false, "optional", "optional", "app", null,
        null);
  }

  /** Waits for a future (test threads only). */
  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected a failure, got success");
  }

  @Override
  public void close() {
    await(database.closePool());
    await(vertx.close());
  }
}
