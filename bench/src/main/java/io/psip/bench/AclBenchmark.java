package io.psip.bench;

import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthRequest;
import io.psip.authacl.AclAuthenticator;
import io.psip.authacl.DomainAclIndex;
import io.psip.directory.DirectoryChange;
import io.psip.directory.DomainEntry;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.routing.Route;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The IP ACL with 10,000 domains of 16 entries each (8 IPv4 /27, 8 IPv6 /64, as {@code DomainAclIndexTest}), psip
 * only. Each op looks up {@link #LOOKUPS} different domains (spread over the whole table, so the hash map is not one
 * hot cache line) and reports the time per lookup:
 * <ul>
 *   <li>{@code lookup_hit}: {@link DomainAclIndex#matcher}{@code (name).matchedEntry(source)} for a source inside the
 *   domain's last IPv4 block (the scan passes the other entries) — what {@link AclAuthenticator} does per INVITE;</li>
 *   <li>{@code lookup_miss}: the same for a source in no entry (every entry compared);</li>
 *   <li>{@code authenticate}: {@link AclAuthenticator#authenticate} with its {@link AuthRequest} (adds the outcome
 *   and principal objects);</li>
 *   <li>{@code rebuild}: recompiling all 10,000 ACLs, which every directory change triggers (ms per rebuild).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AclBenchmark {
  static final int DOMAINS = 10_000;
  static final int LOOKUPS = 64;

  InMemoryDirectory directory;
  DomainAclIndex index;
  AclAuthenticator acl;
  String[] names = new String[LOOKUPS];
  String[] hits = new String[LOOKUPS];
  String[] misses = new String[LOOKUPS];
  AuthRequest[] requests = new AuthRequest[LOOKUPS];

  static String name(int d) { return "domain-" + d; }

  @Setup
  public void setup() {
    directory = new InMemoryDirectory();
    for (int d = 0; d < DOMAINS; d++) {
      List<String> entries = new ArrayList<>();
      for (int e = 0; e < 8; e++) entries.add("10." + (d >> 8) + "." + (d & 0xff) + "." + (e * 32) + "/27");
      for (int e = 0; e < 8; e++) entries.add(String.format("2001:db8:%x:%x::/64", d, e));
      directory.apply(DirectoryChange.upsert(new DomainEntry(name(d), "acc", "app", entries, false, "optional",
          "optional", "trunk"), d + 1));
    }
    index = DomainAclIndex.attach(directory);
    acl = new AclAuthenticator(index);
    for (int i = 0; i < LOOKUPS; i++) {
      int d = (int) ((i * 7919L) % DOMAINS);
      names[i] = name(d);
      hits[i] = "10." + (d >> 8) + "." + (d & 0xff) + ".230";
      misses[i] = "192.0.2." + (i + 1);
      requests[i] = new AuthRequest(null, new TransportAddress(Transport.UDP, hits[i], 5060),
          new Route.DomainRoute(directory.domain(names[i]), "eu", names[i] + ".example.test"));
    }
    if (index.size() != DOMAINS || index.matcher(names[0]).matchedEntry(hits[0]) == null
        || index.matcher(names[0]).matchedEntry(misses[0]) != null) {
      throw new IllegalStateException("index not as expected");
    }
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS)
  public void lookup_hit(Blackhole bh) {
    for (int i = 0; i < LOOKUPS; i++) bh.consume(index.matcher(names[i]).matchedEntry(hits[i]));
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS)
  public void lookup_miss(Blackhole bh) {
    for (int i = 0; i < LOOKUPS; i++) bh.consume(index.matcher(names[i]).matchedEntry(misses[i]));
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS)
  public void authenticate(Blackhole bh) {
    for (int i = 0; i < LOOKUPS; i++) {
      AuthOutcome o = acl.authenticate(requests[i]).result();
      bh.consume(o);
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public DomainAclIndex rebuild() {
    index.rebuild();
    return index;
  }
}
