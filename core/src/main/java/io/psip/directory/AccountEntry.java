package io.psip.directory;

/**
 * An account as SIP Connect digest sees it: the api_key is the digest username; the HA1s (RFC 7616 §3.4.2) are for
 * the SIP Connect realm, so the secret itself is never held. The signature secret signs this account's webhooks.
 */
public record AccountEntry(String apiKey, String name, String ha1Md5, String ha1Sha256, String signatureSecret)
    implements DirectoryEntry {
  @Override
  public Kind kind() { return Kind.ACCOUNT; }

  @Override
  public String key() { return apiKey; }

  @Override
  public String toString() { return "AccountEntry[" + apiKey + "]"; } // never the HA1s or the signature secret
}
