package io.psip.directory.impl;

import io.psip.directory.AccountEntry;
import io.psip.directory.ApplicationEntry;
import io.psip.directory.Directory;
import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
import io.psip.directory.DomainUserEntry;
import io.psip.directory.NumberEntry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The directory as versioned maps. A change applies only when its version is newer than what the key has, deletes
 * leave a versioned tombstone, so notifications that race or arrive out of order converge on the database's last
 * word. A full reload replaces everything but keeps changes newer than the snapshot it was read at.
 */
public final class InMemoryDirectory implements Directory {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InMemoryDirectory.class);

  private record Slot(long version, DirectoryEntry entry) {}

  private final Map<DirectoryEntry.Kind, ConcurrentHashMap<String, Slot>> maps = new EnumMap<>(DirectoryEntry.Kind.class);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public InMemoryDirectory() {
    for (DirectoryEntry.Kind k : DirectoryEntry.Kind.values()) maps.put(k, new ConcurrentHashMap<>());
  }

  /** Applies one change; returns false when it was older than what is held (and so ignored). */
  public boolean apply(DirectoryChange change) {
    boolean[] applied = {false};
    maps.get(change.kind()).compute(change.key(), (k, old) -> {
      if (old != null && old.version >= change.version()) return old;
      applied[0] = true;
      return new Slot(change.version(), change.entry());
    });
    if (applied[0]) notifyListeners();
    return applied[0];
  }

  /**
   * Replaces the whole view with a snapshot: one upsert per row, each with its row's version, read when the
   * database sequence stood at {@code snapshotVersion}. Entries changed after that are newer than the snapshot and
   * are kept; everything else absent from it is gone.
   */
  public void reload(List<DirectoryChange> snapshot, long snapshotVersion) {
    Map<DirectoryEntry.Kind, Map<String, DirectoryChange>> byKind = new EnumMap<>(DirectoryEntry.Kind.class);
    for (DirectoryEntry.Kind k : DirectoryEntry.Kind.values()) byKind.put(k, new HashMap<>());
    for (DirectoryChange c : snapshot) byKind.get(c.kind()).put(c.key(), c);
    for (DirectoryEntry.Kind kind : DirectoryEntry.Kind.values()) {
      ConcurrentHashMap<String, Slot> map = maps.get(kind);
      Map<String, DirectoryChange> fresh = byKind.get(kind);
      for (DirectoryChange c : fresh.values()) {
        map.compute(c.key(), (k, old) -> old != null && old.version > c.version() ? old : new Slot(c.version(), c.entry()));
      }
      map.entrySet().removeIf(e -> !fresh.containsKey(e.getKey()) && e.getValue().version <= snapshotVersion);
    }
    notifyListeners();
  }

  // a failing listener (an index rebuild) must neither stop the others nor undo the change that was applied
  private void notifyListeners() {
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        LOG.error("directory listener failed", e);
      }
    }
  }

  @Override
  public void addListener(Runnable listener) { listeners.add(listener); }

  private DirectoryEntry get(DirectoryEntry.Kind kind, String key) {
    Slot s = maps.get(kind).get(key);
    return s == null ? null : s.entry;
  }

  @Override
  public DomainEntry domain(String name) { return (DomainEntry) get(DirectoryEntry.Kind.DOMAIN, name); }

  @Override
  public DomainUserEntry domainUser(String domain, String user) {
    return (DomainUserEntry) get(DirectoryEntry.Kind.DOMAIN_USER, DomainUserEntry.keyOf(domain, user));
  }

  @Override
  public NumberEntry number(String msisdn) { return (NumberEntry) get(DirectoryEntry.Kind.NUMBER, msisdn); }

  @Override
  public AccountEntry account(String apiKey) { return (AccountEntry) get(DirectoryEntry.Kind.ACCOUNT, apiKey); }

  @Override
  public ApplicationEntry application(String id) { return (ApplicationEntry) get(DirectoryEntry.Kind.APPLICATION, id); }

  @Override
  public List<DomainEntry> domains() {
    List<DomainEntry> out = new ArrayList<>();
    for (Slot s : maps.get(DirectoryEntry.Kind.DOMAIN).values()) if (s.entry != null) out.add((DomainEntry) s.entry);
    return out;
  }

  @Override
  public int size(DirectoryEntry.Kind kind) {
    int n = 0;
    for (Slot s : maps.get(kind).values()) if (s.entry != null) n++;
    return n;
  }
}
