package io.psip.directory;

/** A number (E.164 digits, no '+') an account owns, and the application it is linked to, if any. */
public record NumberEntry(String msisdn, String accountId, String applicationId) implements DirectoryEntry {
  @Override
  public Kind kind() { return Kind.NUMBER; }

  @Override
  public String key() { return msisdn; }
}
