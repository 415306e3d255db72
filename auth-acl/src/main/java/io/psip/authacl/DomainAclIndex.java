package io.psip.authacl;

import io.psip.directory.Directory;
import io.psip.directory.DomainEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiled ACLs of every domain, rebuilt whenever the directory changes. A lookup is one hash-map get by domain name
 * and one {@link AclMatcher} scan of that domain's entries, whatever the number of domains. Readers see either the
 * old or the new index in full (one volatile reference), never a half-built one.
 *
 * <p>An entry that does not parse (the directory only stores normalised CIDRs, so this means a bug or a hand-edited
 * row) is left out of its domain's ACL — failing closed — and reported by {@link #invalidEntries()} and by one WARN
 * line per rebuild that changes the set of such entries (every directory change rebuilds, so warning on each rebuild
 * would repeat the same line for every unrelated change).
 */
public final class DomainAclIndex {
  /** One unusable ACL entry: which domain, which text, why. Never contains secrets. */
  public record InvalidEntry(String domain, String entry, String reason) {}

  private record Snapshot(Map<String, AclMatcher> byDomain, List<InvalidEntry> invalid) {}

  private static final Logger LOG = LoggerFactory.getLogger(DomainAclIndex.class);

  private final Directory directory;
  private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of());

  private DomainAclIndex(Directory directory) {
    this.directory = directory;
  }

  /** Builds the index now and rebuilds it on every directory change (on the thread that applied the change). */
  public static DomainAclIndex attach(Directory directory) {
    DomainAclIndex index = new DomainAclIndex(directory);
    directory.addListener(index::rebuild);
    index.rebuild();
    return index;
  }

  /** Recompiles every domain's ACL from the directory. */
  public void rebuild() {
    List<DomainEntry> domains = directory.domains();
    Map<String, AclMatcher> byDomain = new HashMap<>(Math.max(16, domains.size() * 4 / 3 + 1));
    List<InvalidEntry> invalid = new ArrayList<>();
    for (DomainEntry d : domains) {
      List<Cidr> blocks = new ArrayList<>(d.acl().size());
      for (String e : d.acl()) {
        try {
          Cidr c = Cidr.parse(e);
          if (!blocks.contains(c)) blocks.add(c);
        } catch (Cidr.InvalidCidrException x) {
          invalid.add(new InvalidEntry(d.name(), e, x.getMessage()));
        }
      }
      byDomain.put(d.name(), AclMatcher.compile(blocks));
    }
    List<InvalidEntry> previous = snapshot.invalid;
    snapshot = new Snapshot(byDomain, List.copyOf(invalid));
    if (!invalid.isEmpty() && !Set.copyOf(invalid).equals(Set.copyOf(previous))) {
      LOG.warn("{} ACL entries are unusable and left out (failing closed): {}", invalid.size(), invalid);
    }
  }

  /** The domain's matcher; an unknown domain gets one that matches nothing. */
  public AclMatcher matcher(String domain) {
    AclMatcher m = domain == null ? null : snapshot.byDomain.get(domain);
    return m == null ? AclMatcher.empty() : m;
  }

  /** The longest-prefix entry of the domain's ACL containing the source, or {@code null}. */
  public String matchedEntry(String domain, InetAddress source) { return matcher(domain).matchedEntry(source); }

  public boolean matches(String domain, InetAddress source) { return matcher(domain).matches(source); }

  /** Number of domains indexed. */
  public int size() { return snapshot.byDomain.size(); }

  /** Entries left out at the last rebuild, for a startup warning or a health check. */
  public List<InvalidEntry> invalidEntries() { return snapshot.invalid; }
}
