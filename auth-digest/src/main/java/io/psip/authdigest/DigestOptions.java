package io.psip.authdigest;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code auth.digest} section, validated whole: every problem names its key, and the nonce key's value is never
 * echoed. Ranges follow the gateway's {@code auth.*} keys; the ban options are CONTRACT §3's {@code auth.ban.*}.
 */
public record DigestOptions(byte[] nonceKey, Duration nonceLifetime, int banFailures, Duration banWindow,
                            Duration banTime, int nonceTrackingMax) {
  public static final String NONCE_KEY = "nonce_key";
  public static final String NONCE_LIFETIME_S = "nonce_lifetime_s";
  public static final String BAN_FAILURES = "ban_failures";
  public static final String BAN_WINDOW_S = "ban_window_s";
  public static final String BAN_TIME_S = "ban_time_s";
  public static final String HTDIGEST_FILE = "htdigest_file";
  public static final String NONCE_TRACKING_MAX = "nonce_tracking_max";

  private static final Set<String> KNOWN = Set.of(NONCE_KEY, NONCE_LIFETIME_S, BAN_FAILURES, BAN_WINDOW_S, BAN_TIME_S,
      HTDIGEST_FILE, NONCE_TRACKING_MAX);

  public DigestOptions {
    nonceKey = nonceKey.clone();
  }

  /** @throws IllegalArgumentException naming the first bad option */
  public static DigestOptions from(JsonObject config) {
    Set<String> unknown = new TreeSet<>(config.fieldNames());
    unknown.removeAll(KNOWN);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("auth.digest." + unknown.iterator().next() + " is not an option of the digest"
          + " authenticator (known: " + String.join(", ", new TreeSet<>(KNOWN)) + ")");
    }
    if (config.getValue(HTDIGEST_FILE) != null) {
      // vertx-auth-htdigest is not part of this build; refusing beats silently ignoring a credential source
      throw new IllegalArgumentException("auth.digest.htdigest_file is not supported by this build");
    }
    byte[] key = nonceKey(config.getValue(NONCE_KEY));
    int lifetime = integer(config, NONCE_LIFETIME_S, "auth.digest.nonce_lifetime_s", 300, 10, 3600);
    int failures = integer(config, BAN_FAILURES, "auth.ban.failures", FailureBan.DEFAULT_FAILURES, 1, 1000);
    int window = integer(config, BAN_WINDOW_S, "auth.ban.window_s", 60, 1, 86_400);
    int ban = integer(config, BAN_TIME_S, "auth.ban.time_s", 300, 1, 604_800);
    int tracking = integer(config, NONCE_TRACKING_MAX, "auth.nonce_tracking_max", ReplayGuard.DEFAULT_CAPACITY, 1_000,
        100_000_000);
    return new DigestOptions(key, Duration.ofSeconds(lifetime), failures, Duration.ofSeconds(window),
        Duration.ofSeconds(ban), tracking);
  }

  /** A copy: the key must not be changed under the nonce service, nor leak through an accessor's array. */
  @Override
  public byte[] nonceKey() { return nonceKey.clone(); }

  /** Never the key. */
  @Override
  public String toString() {
    return "DigestOptions[nonceLifetime=" + nonceLifetime + ", banFailures=" + banFailures + ", banWindow=" + banWindow
        + ", banTime=" + banTime + ", nonceTrackingMax=" + nonceTrackingMax + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DigestOptions d && java.util.Arrays.equals(nonceKey, d.nonceKey)
        && nonceLifetime.equals(d.nonceLifetime) && banFailures == d.banFailures && banWindow.equals(d.banWindow)
        && banTime.equals(d.banTime) && nonceTrackingMax == d.nonceTrackingMax;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(java.util.Arrays.hashCode(nonceKey), nonceLifetime, banFailures, banWindow, banTime,
        nonceTrackingMax);
  }

  /** Base64 text (standard or URL alphabet: Vert.x encodes a {@code byte[]} put into JSON as the latter), or bytes. */
  private static byte[] nonceKey(Object value) {
    String requirement = "auth.digest.nonce_key must be base64 of at least " + NonceService.MIN_KEY_BYTES
        + " bytes (the cluster-wide nonce key)";
    byte[] key;
    if (value instanceof byte[] raw) {
      key = raw.clone();
    } else if (value instanceof String text && !text.isBlank()) {
      key = decode(text.trim());
      if (key == null) throw new IllegalArgumentException(requirement + "; it is not base64"); // never the value
    } else {
      throw new IllegalArgumentException(requirement + "; it is missing");
    }
    if (key.length < NonceService.MIN_KEY_BYTES) {
      throw new IllegalArgumentException(requirement + "; it has " + key.length);
    }
    return key;
  }

  private static byte[] decode(String text) {
    for (Base64.Decoder d : new Base64.Decoder[] {Base64.getDecoder(), Base64.getUrlDecoder()}) {
      try {
        return d.decode(text);
      } catch (IllegalArgumentException e) {
        // try the other alphabet
      }
    }
    return null;
  }

  private static int integer(JsonObject config, String field, String name, int dflt, int min, int max) {
    Object v = config.getValue(field);
    if (v == null) return dflt;
    boolean whole = v instanceof Integer || v instanceof Long
        || (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()));
    long value = whole ? ((Number) v).longValue() : Long.MIN_VALUE;
    if (!whole || value < min || value > max) {
      throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max + " (got " + v + ")");
    }
    return (int) value;
  }
}
