package io.psip.gateway.store;

/**
 * What is stored for a new account: never the API secret itself. {@code secretHash} verifies HTTP Basic;
 * the HA1s answer SIP Connect digest for {@code digestRealm}; the signature secret signs webhooks.
 */
public record NewAccount(String apiKey, String name, boolean primary, String secretHash, String digestRealm,
                         String ha1Md5, String ha1Sha256, String signatureSecret) {
  @Override
  public String toString() { return "NewAccount[" + apiKey + ", " + name + "]"; }
}
