package io.psip.gateway.store;

import io.psip.directory.ApplicationEntry;
import io.psip.directory.DirectoryChange;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.psip.gateway.store.StoreFixture.await;
import static io.psip.gateway.store.StoreFixture.domain;
import static io.psip.gateway.store.StoreFixture.failure;
import static io.psip.gateway.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;

class PgApplicationStoreTest {
  private static StoreFixture db;
  private static ApplicationStore apps;
  private static String alice;
  private static String bob;

  @BeforeAll
  static void setUp() {
    db = StoreFixture.create(PgApplicationStoreTest.class);
    apps = db.stores.applications();
    alice = db.newAccount("alice");
    bob = db.newAccount("bob");
  }

  @AfterAll
  static void tearDown() { db.close(); }

  @Test
  void createReadReplaceDeleteAndTheDirectoryEntries() {
    ApplicationRecord created = await(apps.create(alice, "ivr", voice("https://a.example/answer")));
    assertThat(created.id()).isNotNull();
    assertThat(created.voice()).isEqualTo(voice("https://a.example/answer"));
    assertThat(await(apps.get(alice, created.id()))).isEqualTo(created);

    JsonObject v2 = voice("https://b.example/answer").put("signed_callbacks", false);
    v2.getJsonObject("webhooks").put("fallback_answer_url", new JsonObject().put("address", "https://c.example/f")
        .put("http_method", "POST").put("connection_timeout", 2000).put("socket_timeout", 3000));
    ApplicationRecord replaced = await(apps.replace(alice, created.id(), "ivr 2", v2));
    assertThat(replaced.name()).isEqualTo("ivr 2");
    assertThat(replaced.voice()).isEqualTo(v2);
    assertThat(replaced.createdAt()).isEqualTo(created.createdAt());

    await(apps.delete(alice, created.id()));
    assertThat(failure(apps.get(alice, created.id()))).isInstanceOf(StoreException.NotFound.class);

    String id = created.id().toString();
    List<DirectoryChange> changes = db.nextPublished(3, c -> c.key().equals(id));
    assertThat(changes.get(0).entry()).isEqualTo(new ApplicationEntry(id, alice, "ivr",
        new ApplicationEntry.Webhook("https://a.example/answer", "GET", 1000, 5000), null,
        new ApplicationEntry.Webhook("https://example.com/event", "POST", 1000, 5000), true));
    ApplicationEntry second = (ApplicationEntry) changes.get(1).entry();
    assertThat(second.fallbackAnswer()).isEqualTo(
        new ApplicationEntry.Webhook("https://c.example/f", "POST", 2000, 3000));
    assertThat(second.signedCallbacks()).isFalse();
    assertThat(changes.get(2).isDelete()).isTrue();
  }

  @Test
  void anotherAccountsApplicationIsNotFound() {
    UUID bobs = await(apps.create(bob, "bob's", voice("https://bob.example/a"))).id();
    assertThat(failure(apps.get(alice, bobs))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(apps.replace(alice, bobs, "x", voice("https://x.example/a"))))
        .isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(apps.delete(alice, bobs))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(apps.get(alice, UUID.randomUUID()))).isInstanceOf(StoreException.NotFound.class);
    assertThat(await(apps.list(alice, 1, 100)).items()).extracting(ApplicationRecord::id).doesNotContain(bobs);
    assertThat(failure(apps.create("no-such-account", "x", voice("https://x.example/a"))))
        .isInstanceOf(StoreException.NotFound.class);
  }

  @Test
  void anApplicationInUseCannotBeDeleted() {
    UUID byDomain = await(apps.create(alice, "domain's", voice("https://a.example/a"))).id();
    UUID byNumber = await(apps.create(alice, "number's", voice("https://a.example/a"))).id();
    await(db.stores.domains().create(domain("app-in-use", alice, byDomain)));
    await(db.stores.numbers().create(alice, "447700900123", byNumber));

    assertThat(failure(apps.delete(alice, byDomain))).isInstanceOf(StoreException.Conflict.class)
        .hasMessageContaining("in use");
    assertThat(failure(apps.delete(alice, byNumber))).isInstanceOf(StoreException.Conflict.class);

    await(db.stores.domains().delete(alice, "app-in-use"));
    await(db.stores.numbers().link(alice, "447700900123", null));
    await(apps.delete(alice, byDomain));
    await(apps.delete(alice, byNumber));
  }

  @Test
  void listsPageWithTotals() {
    String carol = db.newAccount("carol");
    for (int i = 0; i < 3; i++) await(apps.create(carol, "app" + i, voice("https://c.example/" + i)));
    Page<ApplicationRecord> page = await(apps.list(carol, 1, 2));
    assertThat(page.items()).extracting(ApplicationRecord::name).containsExactly("app0", "app1");
    assertThat(page.total()).isEqualTo(3);
    assertThat(await(apps.list(carol, 2, 2)).items()).extracting(ApplicationRecord::name).containsExactly("app2");
  }
}
