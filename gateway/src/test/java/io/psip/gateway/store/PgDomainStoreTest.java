package io.psip.gateway.store;

import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
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

class PgDomainStoreTest {
  private static StoreFixture db;
  private static DomainStore domains;
  private static String alice;
  private static String bob;
  private static UUID aliceApp;
  private static UUID bobApp;

  @BeforeAll
  static void setUp() {
    db = StoreFixture.create(PgDomainStoreTest.class);
    domains = db.stores.domains();
    alice = db.newAccount("alice");
    bob = db.newAccount("bob");
    aliceApp = db.newApplication(alice, "alice app");
    bobApp = db.newApplication(bob, "bob app");
  }

  @AfterAll
  static void tearDown() { db.close(); }

  @Test
  void createReadUpdateDelete() {
    DomainRecord created = await(domains.create(domain("acme-one", alice, aliceApp, "10.0.0.0/24", "2001:db8::/32")));
    assertThat(created.name()).isEqualTo("acme-one");
    assertThat(created.acl()).containsExactly("10.0.0.0/24", "2001:db8::/32");
    assertThat(created.createdAt()).isNotNull();
    assertThat(created.updatedAt()).isNotNull();
    assertThat(await(domains.get(alice, "acme-one"))).isEqualTo(created);

    UUID other = db.newApplication(alice, "second");
    DomainRecord changed = new DomainRecord("acme-one", alice, other, List.of("192.0.2.7/32"), true, "always", "never",
        "trunk", null, null);
    DomainRecord updated = await(domains.update(changed));
    assertThat(updated.applicationId()).isEqualTo(other);
    assertThat(updated.acl()).containsExactly("192.0.2.7/32");
    assertThat(updated.digestAuth()).isTrue();
    assertThat(updated.tls()).isEqualTo("always");
    assertThat(updated.srtp()).isEqualTo("never");
    assertThat(updated.domainType()).isEqualTo("trunk");
    assertThat(updated.createdAt()).isEqualTo(created.createdAt());

    await(domains.delete(alice, "acme-one"));
    assertThat(failure(domains.get(alice, "acme-one"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(domains.delete(alice, "acme-one"))).isInstanceOf(StoreException.NotFound.class);
  }

  @Test
  void anotherAccountsDomainIsNotFoundForEveryOperation() {
    await(domains.create(domain("bobs-place", bob, bobApp)));
    assertThat(failure(domains.get(alice, "bobs-place"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(domains.update(domain("bobs-place", alice, aliceApp))))
        .isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(domains.delete(alice, "bobs-place"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(await(domains.list(alice, 1, 100)).items()).extracting(DomainRecord::name).doesNotContain("bobs-place");
    assertThat(await(domains.get(bob, "bobs-place")).applicationId()).isEqualTo(bobApp);
  }

  @Test
  void aNameIsUniqueAcrossAccounts() {
    await(domains.create(domain("taken-name", bob, bobApp)));
    Throwable e = failure(domains.create(domain("taken-name", alice, aliceApp)));
    assertThat(e).isInstanceOf(StoreException.Conflict.class).hasMessageContaining("taken-name");
  }

  @Test
  void anotherAccountsApplicationIsNotFound() {
    assertThat(failure(domains.create(domain("uses-bobs-app", alice, bobApp))))
        .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("application");
    assertThat(failure(domains.create(domain("uses-no-app", alice, UUID.randomUUID()))))
        .isInstanceOf(StoreException.NotFound.class);
    await(domains.create(domain("switches-app", alice, aliceApp)));
    assertThat(failure(domains.update(domain("switches-app", alice, bobApp))))
        .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("application");
  }

  @Test
  void concurrentCreationOfOneNameHasExactlyOneWinner() {
    List<Future<DomainRecord>> attempts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String account = i % 2 == 0 ? alice : bob;
      attempts.add(domains.create(domain("contested", account, i % 2 == 0 ? aliceApp : bobApp)));
    }
    int won = 0;
    for (Future<DomainRecord> f : attempts) {
      try {
        await(f);
        won++;
      } catch (StoreException.Conflict expected) {
        // the others lose cleanly
      }
    }
    assertThat(won).isEqualTo(1);
  }

  @Test
  void listsPageInCreationOrderWithTotals() {
    String carol = db.newAccount("carol");
    UUID app = db.newApplication(carol, "carol app");
    for (int i = 0; i < 5; i++) await(domains.create(domain("carol-" + i, carol, app)));

    Page<DomainRecord> first = await(domains.list(carol, 1, 2));
    assertThat(first.items()).extracting(DomainRecord::name).containsExactly("carol-0", "carol-1");
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.totalPages()).isEqualTo(3);
    assertThat(await(domains.list(carol, 3, 2)).items()).extracting(DomainRecord::name).containsExactly("carol-4");
    Page<DomainRecord> past = await(domains.list(carol, 4, 2));
    assertThat(past.items()).isEmpty();
    assertThat(past.total()).isEqualTo(5);
    assertThat(await(domains.list(db.newAccount("dave"), 1, 10)).total()).isZero();
  }

  @Test
  void everyWritePublishesItsChangeAndADeleteTombstonesItsUsers() {
    DomainRecord d = await(domains.create(domain("published", alice, aliceApp, "198.51.100.0/24")));
    await(db.stores.domainUsers().create(alice, "published", "u1", "m1", "s1"));
    await(db.stores.domainUsers().create(alice, "published", "u2", "m2", "s2"));
    await(domains.delete(alice, "published"));

    List<DirectoryChange> changes = db.nextPublished(6, c -> c.key().startsWith("published"));
    DirectoryChange created = changes.get(0);
    assertThat(created.entry()).isEqualTo(new DomainEntry("published", alice, aliceApp.toString(),
        List.of("198.51.100.0/24"), false, "optional", "optional", "app"));
    assertThat(changes.subList(3, 6)).allMatch(DirectoryChange::isDelete)
        .extracting(DirectoryChange::kind, DirectoryChange::key)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(DirectoryEntry.Kind.DOMAIN_USER, DomainUserEntry.keyOf("published", "u1")),
            org.assertj.core.groups.Tuple.tuple(DirectoryEntry.Kind.DOMAIN_USER, DomainUserEntry.keyOf("published", "u2")),
            org.assertj.core.groups.Tuple.tuple(DirectoryEntry.Kind.DOMAIN, "published"));
    // versions come from one sequence: every change is newer than the one before
    for (int i = 1; i < changes.size(); i++) {
      assertThat(changes.get(i).version()).isGreaterThan(changes.get(i - 1).version());
    }
    assertThat(d.name()).isEqualTo("published");
  }
}
