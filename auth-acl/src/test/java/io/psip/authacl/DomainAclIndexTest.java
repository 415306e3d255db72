package io.psip.authacl;

import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
import io.psip.directory.impl.InMemoryDirectory;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DomainAclIndexTest {
  private static DomainEntry domain(String name, String... acl) {
    return new DomainEntry(name, "acc", "app", List.of(acl), false, "optional", "optional", "trunk");
  }

  @Test
  void buildsFromTheDirectoryAndFollowsChanges() throws Exception {
    InMemoryDirectory dir = new InMemoryDirectory();
    dir.apply(DirectoryChange.upsert(domain("alpha", "192.0.2.0/24"), 1));
    DomainAclIndex index = DomainAclIndex.attach(dir);
    InetAddress peer = InetAddress.getByName("192.0.2.10");
    assertThat(index.matches("alpha", peer)).isTrue();
    assertThat(index.matchedEntry("alpha", peer)).isEqualTo("192.0.2.0/24");
    assertThat(index.matches("beta", peer)).isFalse();
    assertThat(index.matches(null, peer)).isFalse();

    dir.apply(DirectoryChange.upsert(domain("beta", "192.0.2.10"), 2));
    assertThat(index.matchedEntry("beta", peer)).isEqualTo("192.0.2.10/32");

    dir.apply(DirectoryChange.upsert(domain("alpha", "198.51.100.0/24"), 3));
    assertThat(index.matches("alpha", peer)).isFalse();

    dir.apply(DirectoryChange.delete(DirectoryEntry.Kind.DOMAIN, "beta", 4));
    assertThat(index.matches("beta", peer)).isFalse();
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void invalidEntriesFailClosedAndAreReported() throws Exception {
    InMemoryDirectory dir = new InMemoryDirectory();
    dir.apply(DirectoryChange.upsert(domain("alpha", "10.0.0.7/24", "192.0.2.0/24"), 1));
    DomainAclIndex index = DomainAclIndex.attach(dir);
    assertThat(index.matches("alpha", InetAddress.getByName("10.0.0.7"))).isFalse();
    assertThat(index.matches("alpha", InetAddress.getByName("192.0.2.1"))).isTrue();
    assertThat(index.invalidEntries()).singleElement()
        .satisfies(e -> assertThat(e.domain()).isEqualTo("alpha"))
        .satisfies(e -> assertThat(e.entry()).isEqualTo("10.0.0.7/24"));
  }

  @Test
  void tenThousandDomainsWithSixteenEntriesEach() throws Exception {
    List<DirectoryChange> snapshot = new ArrayList<>();
    for (int d = 0; d < 10_000; d++) {
      List<String> acl = new ArrayList<>();
      for (int e = 0; e < 8; e++) acl.add("10." + (d >> 8) + "." + (d & 0xff) + "." + (e * 32) + "/27");
      for (int e = 0; e < 8; e++) acl.add(String.format("2001:db8:%x:%x::/64", d, e));
      snapshot.add(DirectoryChange.upsert(domain("d" + d, acl.toArray(String[]::new)), d + 1));
    }
    InMemoryDirectory dir = new InMemoryDirectory();
    long start = System.nanoTime();
    dir.reload(snapshot, 10_000);
    DomainAclIndex index = DomainAclIndex.attach(dir);
    long buildMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(index.size()).isEqualTo(10_000);
    assertThat(index.invalidEntries()).isEmpty();
    assertThat(buildMs).as("build time ms").isLessThan(10_000);

    assertThat(index.matchedEntry("d4660", InetAddress.getByName("10.18.52.250"))).isEqualTo("10.18.52.224/27");
    assertThat(index.matches("d4661", InetAddress.getByName("10.18.52.250"))).isFalse();
    assertThat(index.matchedEntry("d9999", InetAddress.getByName("2001:db8:270f:7::1"))).isEqualTo("2001:db8:270f:7::/64");
    assertThat(index.matchedEntry("d0", InetAddress.getByName("::ffff:10.0.0.1"))).isEqualTo("10.0.0.0/27");
  }
}
