package io.psip.gateway.api;

import io.psip.gateway.store.AccountRecord;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Recently verified API credentials, so that only the first request of a client pays for PBKDF2. Holds, per api_key,
 * an HMAC-SHA256 of the verified secret under a key that exists only in this process (a heap dump yields nothing to
 * brute-force offline), the account, and an expiry. Lookups compare in constant time.
 */
final class CredentialCache {
  static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  /** Only verified credentials enter, so this bounds memory only against a very large number of accounts. */
  static final int MAX_ENTRIES = 10_000;

  private record Entry(byte[] mac, AccountRecord account, long expiresAtNanos) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final byte[] key = new byte[32];
  private final long ttlNanos;
  private final LongSupplier nanoClock;

  CredentialCache(Duration ttl, LongSupplier nanoClock) {
    new SecureRandom().nextBytes(key);
    this.ttlNanos = ttl.toNanos();
    this.nanoClock = nanoClock;
  }

  CredentialCache() { this(DEFAULT_TTL, System::nanoTime); }

  /** The account when {@code secret} is the one verified for {@code apiKey} within the TTL, else {@code null}. */
  AccountRecord lookup(String apiKey, String secret) {
    Entry e = entries.get(apiKey);
    if (e == null) return null;
    if (nanoClock.getAsLong() - e.expiresAtNanos > 0) {
      entries.remove(apiKey, e);
      return null;
    }
    return MessageDigest.isEqual(e.mac, mac(secret)) ? e.account : null;
  }

  void put(String apiKey, String secret, AccountRecord account) {
    if (entries.size() >= MAX_ENTRIES) {
      long now = nanoClock.getAsLong();
      entries.values().removeIf(e -> now - e.expiresAtNanos > 0);
      if (entries.size() >= MAX_ENTRIES) return; // still full: verify the slow way rather than grow without bound
    }
    entries.put(apiKey, new Entry(mac(secret), account, nanoClock.getAsLong() + ttlNanos));
  }

  /** Forgets an account (deleted): its next request is verified against the store again. */
  void invalidate(String apiKey) { entries.remove(apiKey); }

  int size() { return entries.size(); }

  private byte[] mac(String secret) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
