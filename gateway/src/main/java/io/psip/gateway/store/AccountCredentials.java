package io.psip.gateway.store;

/**
 * What is stored for an account's SIP Connect digest and webhook signing, for start-up checks of the primary account
 * (has {@code sip.domain} moved the realm? has the configured signature secret changed?). Never logged.
 */
public record AccountCredentials(String apiKey, String digestRealm, String ha1Md5, String ha1Sha256,
                                 String signatureSecret) {
  @Override
  public String toString() { return "AccountCredentials[" + apiKey + ", " + digestRealm + "]"; }
}
