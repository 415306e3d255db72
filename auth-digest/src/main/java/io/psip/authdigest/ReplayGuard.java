package io.psip.authdigest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refuses a digest response whose nonce count ({@code nc}, RFC 7616 §3.4) is not higher than every count already
 * accepted with the same nonce (RFC 7616 §5.5: replay protection by nonce-count tracking).
 *
 * <p>Call it only after the response verified (so that only authenticated clients consume memory) and after
 * retransmissions were matched to their transaction (a retransmitted INVITE repeats its nc by design).
 *
 * <p>Memory is bounded: an entry is dropped once the nonce it tracks must be stale anyway (its lifetime after the
 * entry was created — the nonce was valid then, so it expires no later), and the map never holds more than
 * {@code capacity} nonces. When it is full of live nonces a new nonce is refused with {@link Outcome#FULL} rather
 * than an entry evicted, since eviction would let that nonce's counts be replayed; the caller treats FULL like a stale
 * nonce (a fresh challenge).
 *
 * <p>Thread-safe.
 */
public final class ReplayGuard {
  public static final int DEFAULT_CAPACITY = 100_000;

  public enum Outcome { ACCEPTED, REPLAYED, FULL }

  private record Entry(long highestNc, long expiresAtMillis) {}

  private final ConcurrentHashMap<String, Entry> byNonce = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Clock clock;
  private final long lifetimeMillis;
  private final int capacity;

  public ReplayGuard(Clock clock, Duration nonceLifetime, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.clock = clock;
    this.lifetimeMillis = nonceLifetime.toMillis();
    this.capacity = capacity;
  }

  public ReplayGuard() { this(Clock.systemUTC(), NonceService.DEFAULT_LIFETIME, DEFAULT_CAPACITY); }

  /** Records {@code nc} for {@code nonce} if it is higher than any seen; otherwise it is a replay. */
  public Outcome check(String nonce, long nc) {
    long now = clock.millis();
    if (size.get() >= capacity && !byNonce.containsKey(nonce)) {
      purgeExpired();
      if (size.get() >= capacity) return Outcome.FULL;
    }
    Outcome[] out = {Outcome.ACCEPTED};
    byNonce.compute(nonce, (k, old) -> {
      if (old == null || old.expiresAtMillis <= now) {
        if (old == null) size.incrementAndGet();
        return new Entry(nc, now + lifetimeMillis);
      }
      if (nc <= old.highestNc) {
        out[0] = Outcome.REPLAYED;
        return old;
      }
      return new Entry(nc, old.expiresAtMillis);
    });
    return out[0];
  }

  /** Drops entries whose nonce has expired; also done on demand when the map is full. */
  public void purgeExpired() {
    long now = clock.millis();
    byNonce.forEach((k, v) -> {
      if (v.expiresAtMillis <= now && byNonce.remove(k, v)) size.decrementAndGet();
    });
  }

  /** Nonces tracked, for metrics. */
  public int size() { return size.get(); }
}
