package io.psip.authdigest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces (RFC 7616 §3.3 leaves the construction to the server; §5.5 suggests a time stamp and a keyed hash)
 * that any node holding the cluster-wide key can verify:
 * <pre>
 * nonce = base64url-nopad( ts(8 bytes, epoch seconds, big-endian) ‖ random(8) ‖ HMAC-SHA256(key, ts ‖ random ‖ realm)[0..16] )
 * </pre>
 * 43 characters, all token characters. The realm is bound in, so a nonce issued for one realm is INVALID for another.
 * A nonce older than the lifetime (default 300 s) is STALE: its MAC is genuine, so the client gets a fresh challenge
 * with {@code stale=true} (RFC 7616 §3.3) rather than a refusal. One stamped more than {@link #MAX_CLOCK_SKEW} in the
 * future is INVALID (a cluster's clocks are assumed synchronised to within that). The MAC is compared in constant
 * time; only the canonical encoding is accepted, so one nonce has exactly one spelling (the replay guard keys on it).
 *
 * <p>Thread-safe.
 */
public final class NonceService {
  public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(300);
  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(30);
  /** Shortest accepted key: 128 bits. */
  public static final int MIN_KEY_BYTES = 16;

  private static final int TS = 8;
  private static final int RANDOM = 8;
  private static final int MAC = 16;
  private static final int RAW = TS + RANDOM + MAC;
  private static final int ENCODED = 43; // ceil(32 * 4 / 3), no padding
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  public enum Verdict { VALID, STALE, INVALID }

  private final SecretKeySpec key;
  private final Clock clock;
  private final long lifetimeSeconds;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param key the cluster-wide secret, at least {@value #MIN_KEY_BYTES} bytes (copied; never logged)
   */
  public NonceService(byte[] key, Clock clock, Duration lifetime) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the nonce key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    if (lifetime.isNegative() || lifetime.isZero()) throw new IllegalArgumentException("nonce lifetime must be positive");
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.clock = clock;
    this.lifetimeSeconds = lifetime.toSeconds();
  }

  public NonceService(byte[] key) { this(key, Clock.systemUTC(), DEFAULT_LIFETIME); }

  public Duration lifetime() { return Duration.ofSeconds(lifetimeSeconds); }

  /** A fresh nonce for {@code realm}. */
  public String issue(String realm) {
    ByteBuffer raw = ByteBuffer.allocate(RAW);
    raw.putLong(clock.instant().getEpochSecond());
    byte[] r = new byte[RANDOM];
    random.nextBytes(r);
    raw.put(r);
    raw.put(mac(raw.array(), realm));
    return ENCODER.encodeToString(raw.array());
  }

  /** Whether {@code nonce} was issued by a node with this key, for this realm, and is still fresh. */
  public Verdict verify(String nonce, String realm) {
    if (nonce == null || realm == null || nonce.length() != ENCODED) return Verdict.INVALID;
    byte[] raw;
    try {
      raw = DECODER.decode(nonce);
    } catch (IllegalArgumentException e) {
      return Verdict.INVALID;
    }
    if (raw.length != RAW || !ENCODER.encodeToString(raw).equals(nonce)) return Verdict.INVALID;
    byte[] expected = mac(raw, realm);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, TS + RANDOM, RAW))) return Verdict.INVALID;
    long issued = ByteBuffer.wrap(raw, 0, TS).getLong();
    long now = clock.instant().getEpochSecond();
    if (issued > now + MAX_CLOCK_SKEW.toSeconds()) return Verdict.INVALID;
    return now - issued > lifetimeSeconds ? Verdict.STALE : Verdict.VALID;
  }

  /** The first 16 bytes of HMAC-SHA256(key, ts ‖ random ‖ UTF-8(realm)). */
  private byte[] mac(byte[] raw, String realm) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(raw, 0, TS + RANDOM);
      mac.update(realm.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(mac.doFinal(), MAC);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }
}
