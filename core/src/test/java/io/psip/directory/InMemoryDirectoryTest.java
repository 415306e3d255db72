package io.psip.directory;

import io.psip.directory.impl.InMemoryDirectory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryDirectoryTest {
  private static DomainEntry domain(String name, String app) {
    return new DomainEntry(name, "acct", app, List.of("10.0.0.0/8"), false, "optional", "optional", "app");
  }

  @Test
  void newerVersionWinsWhateverTheArrivalOrder() {
    InMemoryDirectory d = new InMemoryDirectory();
    assertThat(d.apply(DirectoryChange.upsert(domain("acme1", "app-2"), 2))).isTrue();
    assertThat(d.apply(DirectoryChange.upsert(domain("acme1", "app-1"), 1))).isFalse();
    assertThat(d.domain("acme1").applicationId()).isEqualTo("app-2");
  }

  @Test
  void deleteLeavesATombstoneThatAnOlderUpdateCannotResurrect() {
    InMemoryDirectory d = new InMemoryDirectory();
    d.apply(DirectoryChange.upsert(domain("acme1", "a"), 1));
    d.apply(DirectoryChange.delete(DirectoryEntry.Kind.DOMAIN, "acme1", 3));
    d.apply(DirectoryChange.upsert(domain("acme1", "late"), 2));
    assertThat(d.domain("acme1")).isNull();
    assertThat(d.size(DirectoryEntry.Kind.DOMAIN)).isZero();
    d.apply(DirectoryChange.upsert(domain("acme1", "recreated"), 4));
    assertThat(d.domain("acme1").applicationId()).isEqualTo("recreated");
  }

  @Test
  void reloadReplacesEverythingButKeepsChangesNewerThanTheSnapshot() {
    InMemoryDirectory d = new InMemoryDirectory();
    d.apply(DirectoryChange.upsert(domain("stale1", "a"), 1));     // gone from the database: removed by reload
    d.apply(DirectoryChange.upsert(domain("fresh1", "new"), 11));  // changed after the snapshot: kept
    d.apply(DirectoryChange.upsert(domain("keeps1", "old"), 2));   // updated by the snapshot
    d.reload(List.of(
        DirectoryChange.upsert(domain("keeps1", "updated"), 5),
        DirectoryChange.upsert(domain("fresh1", "snapshot"), 7),
        DirectoryChange.upsert(new NumberEntry("14155550100", "acct", "app"), 6)), 10);
    assertThat(d.domain("stale1")).isNull();
    assertThat(d.domain("fresh1").applicationId()).isEqualTo("new");
    assertThat(d.domain("keeps1").applicationId()).isEqualTo("updated");
    assertThat(d.number("14155550100").applicationId()).isEqualTo("app");
  }

  @Test
  void racingWritersConvergeOnTheHighestVersion() throws Exception {
    InMemoryDirectory d = new InMemoryDirectory();
    List<Integer> versions = new ArrayList<>();
    for (int v = 1; v <= 2000; v++) versions.add(v);
    Collections.shuffle(versions, new java.util.Random(42));
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger next = new AtomicInteger();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i; (i = next.getAndIncrement()) < versions.size(); ) {
          int v = versions.get(i);
          d.apply(DirectoryChange.upsert(domain("race1", "app-" + v), v));
        }
      });
      threads[t].start();
    }
    start.countDown();
    for (Thread t : threads) t.join();
    assertThat(d.domain("race1").applicationId()).isEqualTo("app-2000");
  }

  @Test
  void listenersHearAppliedChangesOnly() {
    InMemoryDirectory d = new InMemoryDirectory();
    AtomicInteger calls = new AtomicInteger();
    d.addListener(calls::incrementAndGet);
    d.apply(DirectoryChange.upsert(domain("acme1", "a"), 2));
    d.apply(DirectoryChange.upsert(domain("acme1", "b"), 1));
    assertThat(calls).hasValue(1);
  }

  @Test
  void secretsNeverAppearInToString() {
    AccountEntry a = new AccountEntry("key1", "n", "md5ha1", "sha256ha1", "sigsecret");
    assertThat(a.toString()).doesNotContain("md5ha1", "sha256ha1", "sigsecret");
    DomainUserEntry u = new DomainUserEntry("acme1", "alice", "md5ha1", "shaha1");
    assertThat(u.toString()).doesNotContain("md5ha1", "shaha1");
  }

  @Test
  void aFailingListenerNeitherUndoesTheChangeNorSilencesTheOthers() {
    InMemoryDirectory d = new InMemoryDirectory();
    AtomicInteger later = new AtomicInteger();
    d.addListener(() -> { throw new IllegalStateException("index rebuild failed"); });
    d.addListener(later::incrementAndGet);
    assertThat(d.apply(DirectoryChange.upsert(domain("acme1", "a"), 1))).isTrue();
    d.reload(List.of(DirectoryChange.upsert(domain("acme2", "b"), 2)), 2);
    assertThat(d.domain("acme2")).isNotNull();
    assertThat(later).hasValue(2);
  }
}
