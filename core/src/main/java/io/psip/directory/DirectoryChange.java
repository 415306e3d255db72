package io.psip.directory;

/**
 * One change, as published after the database committed it. {@code version} comes from one database sequence, so
 * two changes to the same key are ordered even when their notifications arrive out of order.
 *
 * @param entry the new state, or {@code null} when the key was deleted
 */
public record DirectoryChange(DirectoryEntry.Kind kind, String key, long version, DirectoryEntry entry) {
  public static DirectoryChange upsert(DirectoryEntry e, long version) {
    return new DirectoryChange(e.kind(), e.key(), version, e);
  }

  public static DirectoryChange delete(DirectoryEntry.Kind kind, String key, long version) {
    return new DirectoryChange(kind, key, version, null);
  }

  public boolean isDelete() { return entry == null; }
}
