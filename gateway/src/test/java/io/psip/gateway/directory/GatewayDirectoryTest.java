package io.psip.gateway.directory;

import io.psip.directory.Directory;
import io.psip.directory.DirectoryEntry;
import io.psip.gateway.Gateway;
import io.psip.gateway.store.DomainRecord;
import io.psip.gateway.store.Stores;
import io.psip.gateway.testing.TestConfigs;
import io.psip.gateway.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.psip.gateway.directory.DirectoryAwait.awaitDirectory;
import static io.psip.gateway.store.StoreFixture.await;
import static io.psip.gateway.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;

/** A running node's directory follows changes made through its stores, and repairs itself on a reload. */
class GatewayDirectoryTest {
  @TempDir
  static Path data;
  private static String database;
  private static Vertx vertx;
  private static Gateway gateway;
  private static Stores stores;
  private static Directory directory;
  private static String account;

  @BeforeAll
  static void start() {
    database = TestDatabase.createDatabase("GatewayDirectoryTest");
    Map<String, String> env = TestConfigs.loopbackEnv(data);
    env.put("PSIP_DB_URL", TestDatabase.url(database));
    vertx = Vertx.vertx(); // the test's own, so it can speak on the node's event bus
    gateway = await(Gateway.start(vertx, TestConfigs.load(env)));
    stores = gateway.stores();
    directory = gateway.directory();
    account = gateway.primaryApiKey();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) await(gateway.stop());
    if (vertx != null) await(vertx.close());
  }

  @Test
  void thePrimaryAccountIsInTheDirectoryFromTheStart() {
    assertThat(directory.account(account)).isNotNull();
    assertThat(directory.account(account).ha1Sha256()).hasSize(64);
  }

  @Test
  void aDomainChangedThroughTheStoreIsSeenWithoutARestart() throws Exception {
    UUID app = await(stores.applications().create(account, "ivr", voice("https://example.com/answer"))).id();
    awaitDirectory(directory, () -> directory.application(app.toString()) != null);
    assertThat(directory.application(app.toString()).answer().address()).isEqualTo("https://example.com/answer");

    await(stores.domains().create(new DomainRecord("live-acme", account, app, List.of("10.0.0.0/24"), false,
        "optional", "optional", "app", null, null)));
    awaitDirectory(directory, () -> directory.domain("live-acme") != null);
    assertThat(directory.domain("live-acme").acl()).containsExactly("10.0.0.0/24");

    await(stores.domains().update(new DomainRecord("live-acme", account, app, List.of("192.0.2.0/24"), true,
        "optional", "optional", "app", null, null)));
    awaitDirectory(directory, () -> directory.domain("live-acme").acl().equals(List.of("192.0.2.0/24")));
    assertThat(directory.domain("live-acme").digestAuth()).isTrue();

    await(stores.domainUsers().create(account, "live-acme", "pbx", "m", "s"));
    awaitDirectory(directory, () -> directory.domainUser("live-acme", "pbx") != null);

    await(stores.domains().delete(account, "live-acme"));
    awaitDirectory(directory, () -> directory.domain("live-acme") == null);
    assertThat(directory.domainUser("live-acme", "pbx")).isNull();
  }

  @Test
  void aReloadPicksUpAChangeWhoseNotificationWasMissed() throws Exception {
    UUID app = await(stores.applications().create(account, "missed", voice("https://example.com/a"))).id();
    await(stores.numbers().create(account, "15557770000", null));
    awaitDirectory(directory, () -> directory.number("15557770000") != null);

    // written behind the node's back: no notification is published
    TestDatabase.execute(database, "UPDATE numbers SET application_id = '" + app + "', "
        + "version = nextval('directory_version') WHERE msisdn = '15557770000'");
    assertThat(directory.number("15557770000").applicationId()).isNull();

    vertx.eventBus().publish(Stores.RELOAD_ADDRESS, new JsonObject());
    awaitDirectory(directory, () -> app.toString().equals(directory.number("15557770000").applicationId()));
    assertThat(directory.size(DirectoryEntry.Kind.ACCOUNT)).isGreaterThanOrEqualTo(1);
  }
}
