package io.psip.authdigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses a digest response whose nonce count ({@code nc}, RFC 7616 §3.4) is not higher than every count already
 * accepted with the same nonce (RFC 7616 §5.5: replay protection by nonce-count tracking).
 *
 * <p>Call it only after the response verified (so that only authenticated clients consume memory, and only nonces
 * this gateway issued — HMACs nobody can choose — are tracked) and after retransmissions were matched to their
 * transaction (a retransmitted INVITE repeats its nc by design).
 *
 * <p>Memory is bounded and small: an entry is a 64-bit fingerprint of the nonce and one {@code long} packing the
 * highest count with the entry's expiry (about 70 bytes with the map's own overhead), dropped once the nonce must be
 * stale anyway (its lifetime after the entry was created — the nonce was valid then, so it expires no later). Every
 * challenged call uses a nonce, so a node tracks about (new calls per second × nonce lifetime) nonces: 450,000 at
 * 1,500 calls/s for 300 s. The map never holds more than {@code capacity}; when it is full of live nonces a new nonce
 * is refused with {@link Outcome#FULL} rather than an entry evicted, since eviction would let that nonce's counts be
 * replayed; the caller treats FULL like a stale nonce (a fresh challenge) and it is logged, at most once a minute.
 * Expired entries are purged when the map is full, at most once a second (a purge walks the whole map).
 *
 * <p>Thread-safe.
 */
public final class ReplayGuard {
  private static final Logger log = LoggerFactory.getLogger(ReplayGuard.class);
  public static final int DEFAULT_CAPACITY = 1_000_000;
  private static final long PURGE_EVERY_MS = 1_000;
  private static final long WARN_EVERY_MS = 60_000;

  public enum Outcome { ACCEPTED, REPLAYED, FULL }

  /** Fingerprint of a nonce → (highest nc &lt;&lt; 32) | expiry in epoch seconds. */
  private final ConcurrentHashMap<Long, Long> byNonce = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE / 2);
  private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE / 2);
  private final Clock clock;
  private final long lifetimeSeconds;
  private final int capacity;

  public ReplayGuard(Clock clock, Duration nonceLifetime, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.clock = clock;
    this.lifetimeSeconds = Math.max(1, nonceLifetime.toSeconds());
    this.capacity = capacity;
  }

  public ReplayGuard() { this(Clock.systemUTC(), NonceService.DEFAULT_LIFETIME, DEFAULT_CAPACITY); }

  /** Records {@code nc} for {@code nonce} if it is higher than any seen; otherwise it is a replay. */
  public Outcome check(String nonce, long nc) {
    long nowMillis = clock.millis();
    long now = nowMillis / 1_000;
    Long key = fingerprint(nonce);
    if (size.get() >= capacity && !byNonce.containsKey(key)) {
      long last = lastPurge.get();
      if (nowMillis - last >= PURGE_EVERY_MS && lastPurge.compareAndSet(last, nowMillis)) purgeExpired();
      if (size.get() >= capacity) {
        long warned = lastWarn.get();
        if (nowMillis - warned >= WARN_EVERY_MS && lastWarn.compareAndSet(warned, nowMillis)) {
          log.warn("digest: {} nonces in use, the most this node tracks: new digest answers are challenged again "
              + "until older nonces expire (auth.nonce_tracking_max, auth.nonce_lifetime_s)", capacity);
        }
        return Outcome.FULL;
      }
    }
    long count = nc & 0xffff_ffffL; // nc is 8 hex digits (RFC 7616 §3.4)
    Outcome[] out = {Outcome.ACCEPTED};
    byNonce.compute(key, (k, old) -> {
      if (old == null || expiry(old) <= now) {
        if (old == null) size.incrementAndGet();
        return pack(count, now + lifetimeSeconds);
      }
      if (count <= highest(old)) {
        out[0] = Outcome.REPLAYED;
        return old;
      }
      return pack(count, expiry(old));
    });
    return out[0];
  }

  /** Drops entries whose nonce has expired; also done on demand when the map is full. */
  public void purgeExpired() {
    long now = clock.millis() / 1_000;
    byNonce.forEach((k, v) -> {
      if (expiry(v) <= now && byNonce.remove(k, v)) size.decrementAndGet();
    });
  }

  /** Nonces tracked, for metrics. */
  public int size() { return size.get(); }

  private static Long pack(long highestNc, long expirySeconds) {
    return (highestNc << 32) | (expirySeconds & 0xffff_ffffL);
  }

  private static long highest(long packed) { return packed >>> 32; }

  private static long expiry(long packed) { return packed & 0xffff_ffffL; }

  /** 64-bit FNV-1a over the nonce's characters, then a final mix (SplitMix64's) to spread the bits. */
  static long fingerprint(String nonce) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < nonce.length(); i++) {
      h ^= nonce.charAt(i);
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
