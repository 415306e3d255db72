package io.psip.gateway.store;

import java.time.Instant;

/** An account as the API shows it, plus the hash its Basic credentials are checked against. */
public record AccountRecord(String apiKey, String name, boolean primary, String secretHash, Instant createdAt) {
  @Override
  public String toString() { return "AccountRecord[" + apiKey + ", " + name + (primary ? ", primary" : "") + "]"; }
}
