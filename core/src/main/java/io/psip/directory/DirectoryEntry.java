package io.psip.directory;

/** Something the directory holds: identified by a kind and a key, ordered by the version the database gave it. */
public sealed interface DirectoryEntry
    permits AccountEntry, ApplicationEntry, DomainEntry, DomainUserEntry, NumberEntry {
  Kind kind();

  /** Unique within its kind. */
  String key();

  enum Kind { ACCOUNT, APPLICATION, DOMAIN, DOMAIN_USER, NUMBER }
}
