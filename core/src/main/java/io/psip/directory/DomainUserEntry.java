package io.psip.directory;

/** A digest user of a PSIP domain; HA1s for the domain's realm, never the secret. */
public record DomainUserEntry(String domain, String user, String ha1Md5, String ha1Sha256) implements DirectoryEntry {
  @Override
  public Kind kind() { return Kind.DOMAIN_USER; }

  @Override
  public String key() { return keyOf(domain, user); }

  public static String keyOf(String domain, String user) { return domain + '/' + user; }

  @Override
  public String toString() { return "DomainUserEntry[" + domain + "/" + user + "]"; }
}
