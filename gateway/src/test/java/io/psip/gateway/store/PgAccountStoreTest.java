package io.psip.gateway.store;

import io.psip.directory.AccountEntry;
import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
import io.psip.directory.NumberEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.psip.gateway.store.StoreFixture.await;
import static io.psip.gateway.store.StoreFixture.domain;
import static io.psip.gateway.store.StoreFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

class PgAccountStoreTest {
  private static StoreFixture db;
  private static AccountStore accounts;

  @BeforeAll
  static void setUp() {
    db = StoreFixture.create(PgAccountStoreTest.class);
    accounts = db.stores.accounts();
  }

  @AfterAll
  static void tearDown() { db.close(); }

  private static NewAccount account(String key, String name, boolean primary) {
    return new NewAccount(key, name, primary, "hash-" + key, "sip.psip.local", "md5-" + key, "sha-" + key,
        "signature-" + key);
  }

  @Test
  void createFindListAndTheDirectoryEntry() {
    AccountRecord created = await(accounts.create(account("acc00001", "one", false)));
    assertThat(created.primary()).isFalse();
    assertThat(created.secretHash()).isEqualTo("hash-acc00001");
    assertThat(await(accounts.find("acc00001"))).isEqualTo(created);
    assertThat(await(accounts.find("nobody"))).isNull();
    assertThat(await(accounts.list())).extracting(AccountRecord::apiKey).contains("acc00001");
    assertThat(await(accounts.credentials("acc00001"))).isEqualTo(new AccountCredentials("acc00001",
        "sip.psip.local", "md5-acc00001", "sha-acc00001", "signature-acc00001"));
    assertThat(await(accounts.credentials("nobody"))).isNull();
    assertThat(failure(accounts.create(account("acc00001", "again", false))))
        .isInstanceOf(StoreException.Conflict.class);

    DirectoryChange change = db.nextPublished(1, c -> c.key().equals("acc00001")).get(0);
    assertThat(change.entry()).isEqualTo(new AccountEntry("acc00001", "one", "md5-acc00001", "sha-acc00001",
        "signature-acc00001"));
  }

  @Test
  void thePrimaryIsUpsertedNeverListedNeverDeleted() {
    AccountRecord p = await(accounts.upsertPrimary(account("prim0001", "primary", true)));
    assertThat(p.primary()).isTrue();
    assertThat(await(accounts.primary())).isEqualTo(p);
    assertThat(await(accounts.list())).extracting(AccountRecord::apiKey).doesNotContain("prim0001");
    assertThat(failure(accounts.delete("prim0001"))).isInstanceOf(StoreException.NotFound.class);

    // same key, new credentials: updated in place
    NewAccount renewed = new NewAccount("prim0001", "primary", true, "new-hash", "sip.other.example", "m2", "s2", "g2");
    assertThat(await(accounts.upsertPrimary(renewed)).secretHash()).isEqualTo("new-hash");
    assertThat(await(accounts.credentials("prim0001")).digestRealm()).isEqualTo("sip.other.example");

    // a key that belongs to another account cannot become the primary's
    await(accounts.create(account("acc00002", "two", false)));
    assertThat(failure(accounts.upsertPrimary(account("acc00002", "primary", true))))
        .isInstanceOf(StoreException.Conflict.class);
    assertThat(await(accounts.primary()).apiKey()).isEqualTo("prim0001");
  }

  @Test
  void reKeyingThePrimaryKeepsWhatItOwnsAndRepublishesIt() {
    AccountRecord current = await(accounts.primary());
    if (current == null) current = await(accounts.upsertPrimary(account("prim0001", "primary", true)));
    String oldKey = current.apiKey();
    UUID app = db.newApplication(oldKey, "primary's app");
    await(db.stores.domains().create(domain("primary-domain", oldKey, app)));
    await(db.stores.domainUsers().create(oldKey, "primary-domain", "pbx", "m", "s"));
    await(db.stores.numbers().create(oldKey, "15550001000", app));
    await(db.stores.numbers().create(oldKey, "15550001001", null));

    await(accounts.upsertPrimary(account("newkey01", "primary", true)));

    assertThat(await(accounts.find(oldKey))).isNull();
    assertThat(await(accounts.primary()).apiKey()).isEqualTo("newkey01");
    assertThat(await(db.stores.domains().get("newkey01", "primary-domain")).applicationId()).isEqualTo(app);
    assertThat(await(db.stores.domainUsers().get("newkey01", "primary-domain", "pbx")).key()).isEqualTo("pbx");
    assertThat(await(db.stores.numbers().get("newkey01", "15550001000")).applicationId()).isEqualTo(app);
    assertThat(await(db.stores.numbers().get("newkey01", "15550001001")).accountId()).isEqualTo("newkey01");
    assertThat(await(db.stores.applications().get("newkey01", app)).accountId()).isEqualTo("newkey01");

    List<DirectoryChange> changes = db.nextPublished(6, c -> c.entry() == null
        ? c.key().equals(oldKey) : owner(c.entry()).equals("newkey01"));
    assertThat(changes).anyMatch(c -> c.isDelete() && c.key().equals(oldKey));
    assertThat(changes).anyMatch(c -> c.entry() instanceof DomainEntry d && d.name().equals("primary-domain"));
    assertThat(changes).filteredOn(c -> c.entry() instanceof NumberEntry).hasSize(2);
  }

  private static String owner(DirectoryEntry e) {
    if (e instanceof AccountEntry a) return a.apiKey();
    if (e instanceof DomainEntry d) return d.accountId();
    if (e instanceof NumberEntry n) return n.accountId();
    if (e instanceof io.psip.directory.ApplicationEntry a) return a.accountId();
    return "";
  }

  @Test
  void deletingAnAccountRemovesEverythingItOwnsWithATombstoneEach() {
    String key = db.newAccount("leaving");
    UUID app = db.newApplication(key, "app");
    await(db.stores.domains().create(domain("leaving-domain", key, app)));
    await(db.stores.domainUsers().create(key, "leaving-domain", "u1", "m", "s"));
    await(db.stores.numbers().create(key, "15550002000", app));

    await(accounts.delete(key));
    assertThat(await(accounts.find(key))).isNull();
    assertThat(failure(accounts.delete(key))).isInstanceOf(StoreException.NotFound.class);
    // the name and the number are free again
    String other = db.newAccount("next");
    UUID otherApp = db.newApplication(other, "app");
    await(db.stores.domains().create(domain("leaving-domain", other, otherApp)));
    await(db.stores.numbers().create(other, "15550002000", null));

    Set<String> tombstones = db.nextPublished(5, c -> c.isDelete() && Set.of(key, app.toString(), "leaving-domain",
            "leaving-domain/u1", "15550002000").contains(c.key())).stream()
        .map(c -> c.kind() + ":" + c.key()).collect(Collectors.toSet());
    assertThat(tombstones).containsExactlyInAnyOrder("ACCOUNT:" + key, "APPLICATION:" + app,
        "DOMAIN:leaving-domain", "DOMAIN_USER:leaving-domain/u1", "NUMBER:15550002000");
  }
}
