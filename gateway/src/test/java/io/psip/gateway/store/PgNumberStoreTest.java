package io.psip.gateway.store;

import io.psip.directory.DirectoryChange;
import io.psip.directory.NumberEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.psip.gateway.store.StoreFixture.await;
import static io.psip.gateway.store.StoreFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

class PgNumberStoreTest {
  private static StoreFixture db;
  private static NumberStore numbers;
  private static String alice;
  private static String bob;
  private static UUID aliceApp;
  private static UUID bobApp;

  @BeforeAll
  static void setUp() {
    db = StoreFixture.create(PgNumberStoreTest.class);
    numbers = db.stores.numbers();
    alice = db.newAccount("alice");
    bob = db.newAccount("bob");
    aliceApp = db.newApplication(alice, "app");
    bobApp = db.newApplication(bob, "app");
  }

  @AfterAll
  static void tearDown() { db.close(); }

  @Test
  void createLinkUnlinkRelease() {
    NumberRecord n = await(numbers.create(alice, "14155550100", null));
    assertThat(n.applicationId()).isNull();
    assertThat(await(numbers.get(alice, "14155550100"))).isEqualTo(n);
    assertThat(await(numbers.link(alice, "14155550100", aliceApp)).applicationId()).isEqualTo(aliceApp);
    assertThat(await(numbers.link(alice, "14155550100", null)).applicationId()).isNull();
    await(numbers.delete(alice, "14155550100"));
    assertThat(failure(numbers.get(alice, "14155550100"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(numbers.delete(alice, "14155550100"))).isInstanceOf(StoreException.NotFound.class);

    List<DirectoryChange> changes = db.nextPublished(4, c -> c.key().equals("14155550100"));
    assertThat(changes.get(0).entry()).isEqualTo(new NumberEntry("14155550100", alice, null));
    assertThat(changes.get(1).entry()).isEqualTo(new NumberEntry("14155550100", alice, aliceApp.toString()));
    assertThat(changes.get(3).isDelete()).isTrue();
  }

  @Test
  void aNumberHasOneOwner() {
    await(numbers.create(bob, "14155550101", bobApp));
    assertThat(failure(numbers.create(alice, "14155550101", null))).isInstanceOf(StoreException.Conflict.class);
    assertThat(failure(numbers.get(alice, "14155550101"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(numbers.link(alice, "14155550101", aliceApp))).isInstanceOf(StoreException.NotFound.class);
    assertThat(failure(numbers.delete(alice, "14155550101"))).isInstanceOf(StoreException.NotFound.class);
    assertThat(await(numbers.get(bob, "14155550101")).accountId()).isEqualTo(bob);
  }

  @Test
  void onlyTheOwnersApplicationsCanBeLinked() {
    assertThat(failure(numbers.create(alice, "14155550102", bobApp))).isInstanceOf(StoreException.NotFound.class)
        .hasMessageContaining("application");
    await(numbers.create(alice, "14155550103", null));
    assertThat(failure(numbers.link(alice, "14155550103", bobApp))).isInstanceOf(StoreException.NotFound.class)
        .hasMessageContaining("application");
    assertThat(failure(numbers.link(alice, "14155550103", UUID.randomUUID())))
        .isInstanceOf(StoreException.NotFound.class);
  }

  @Test
  void listsPage() {
    String carol = db.newAccount("carol");
    for (int i = 0; i < 3; i++) await(numbers.create(carol, "4420790000" + i, null));
    Page<NumberRecord> p = await(numbers.list(carol, 1, 2));
    assertThat(p.items()).extracting(NumberRecord::msisdn).containsExactly("44207900000", "44207900001");
    assertThat(p.total()).isEqualTo(3);
  }
}
