package io.psip.gateway.store;

import io.psip.directory.DirectoryChange;
import io.psip.directory.DomainUserEntry;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.psip.gateway.store.StoreFixture.await;
import static io.psip.gateway.store.StoreFixture.domain;
import static io.psip.gateway.store.StoreFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

class PgDomainUserStoreTest {
  private static StoreFixture db;
  private static DomainUserStore users;
  private static String alice;
  private static String bob;
  private static UUID aliceApp;

  @BeforeAll
  static void setUp() {
    db = StoreFixture.create(PgDomainUserStoreTest.class);
    users = db.stores.domainUsers();
    alice = db.newAccount("alice");
    bob = db.newAccount("bob");
    aliceApp = db.newApplication(alice, "app");
  }

  @AfterAll
  static void tearDown() { db.close(); }

  private static String newDomain(String name) {
    return await(db.stores.domains().create(domain(name, alice, aliceApp))).name();
  }

  @Test
  void createReadUpdateDeleteAndTheChangesCarryTheHa1s() {
    String d = newDomain("users-crud");
    DomainUserRecord created = await(users.create(alice, d, "alice", "md5-1", "sha-1"));
    assertThat(created.domain()).isEqualTo(d);
    assertThat(created.key()).isEqualTo("alice");
    assertThat(await(users.get(alice, d, "alice"))).isEqualTo(created);

    DomainUserRecord updated = await(users.update(alice, d, "alice", "md5-2", "sha-2"));
    assertThat(updated.createdAt()).isEqualTo(created.createdAt());
    await(users.delete(alice, d, "alice"));
    assertThat(failure(users.get(alice, d, "alice"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(users.update(alice, d, "alice", "x", "y"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(users.delete(alice, d, "alice"))).isInstanceOf(StoreException.NotFound.class);

    List<DirectoryChange> changes = db.nextPublished(3, c -> c.key().startsWith(d + "/"));
    assertThat(changes.get(0).entry()).isEqualTo(new DomainUserEntry(d, "alice", "md5-1", "sha-1"));
    assertThat(changes.get(1).entry()).isEqualTo(new DomainUserEntry(d, "alice", "md5-2", "sha-2"));
    assertThat(changes.get(2).isDelete()).isTrue();
  }

  @Test
  void aKeyIsUniqueWithinItsDomainOnly() {
    String d1 = newDomain("users-uniq-1");
    String d2 = newDomain("users-uniq-2");
    await(users.create(alice, d1, "pbx", "m", "s"));
    await(users.create(alice, d2, "pbx", "m", "s"));
    assertThat(failure(users.create(alice, d1, "pbx", "m", "s"))).isInstanceOf(StoreException.Conflict.class);
  }

  @Test
  void usersAreReachedOnlyThroughTheirAccountsDomain() {
    String d = newDomain("users-private");
    await(users.create(alice, d, "secretary", "m", "s"));
    assertThat(failure(users.create(bob, d, "intruder", "m", "s"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(users.get(bob, d, "secretary"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(users.list(bob, d, 1, 10))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(users.update(bob, d, "secretary", "m", "s"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(users.delete(bob, d, "secretary"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(users.create(alice, "no-such-domain", "x", "m", "s")))
        .isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(users.list(alice, "no-such-domain", 1, 10))).isInstanceOf(StoreException.NotFound.class);
    assertThat(await(users.get(alice, d, "secretary")).key()).isEqualTo("secretary");
  }

  @Test
  void listsPage() {
    String d = newDomain("users-paged");
    for (int i = 0; i < 3; i++) await(users.create(alice, d, "u" + i, "m", "s"));
    Page<DomainUserRecord> page = await(users.list(alice, d, 2, 2));
    assertThat(page.items()).extracting(DomainUserRecord::key).containsExactly("u2");
    assertThat(page.total()).isEqualTo(3);
    assertThat(await(users.list(alice, newDomain("users-empty"), 1, 10)).total()).isZero();
  }

  @Test
  void atMost200UsersPerDomainEvenWhenCreatedConcurrently() {
    String d = newDomain("users-limit");
    List<Future<DomainUserRecord>> attempts = new ArrayList<>();
    for (int i = 0; i < DomainUserStore.MAX_USERS_PER_DOMAIN + 40; i++) {
      attempts.add(users.create(alice, d, "user" + i, "m", "s"));
    }
    int created = 0;
    int refused = 0;
    for (Future<DomainUserRecord> f : attempts) {
      try {
        await(f);
        created++;
      } catch (StoreException.Conflict e) {
        assertThat(e).hasMessageContaining("maximum of 200");
        refused++;
      }
    }
    assertThat(created).isEqualTo(DomainUserStore.MAX_USERS_PER_DOMAIN);
    assertThat(refused).isEqualTo(40);
    assertThat(await(users.list(alice, d, 1, 1)).total()).isEqualTo(DomainUserStore.MAX_USERS_PER_DOMAIN);

    // one freed place is one new user
    await(users.delete(alice, d, "user0"));
    await(users.create(alice, d, "late", "m", "s"));
    assertThat(failure(users.create(alice, d, "later", "m", "s"))).isInstanceOf(StoreException.Conflict.class);
  }
}
