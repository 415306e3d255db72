package io.psip.gateway.accounts;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generating and hashing secrets. API secrets are kept as PBKDF2-HMAC-SHA256 (slow on purpose: call
 * {@link #hash} and {@link #verify} off the event loop). Digest secrets are kept as HA1s, computed by
 * {@code io.psip.authdigest.DigestVerifier#ha1}: the same function that verifies them.
 */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final int ITERATIONS = 120_000;
  private static final int SALT_BYTES = 16;

  private Secrets() {}

  /** An API key like Vonage's: 8 lower-case hex characters. */
  public static String newApiKey() {
    byte[] b = new byte[4];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A random secret of {@code length} letters and digits. */
  public static String newSecret(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) s.append(ALPHANUM.charAt(RANDOM.nextInt(ALPHANUM.length())));
    return s.toString();
  }

  /** {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}. Blocking (tens of ms). */
  public static String hash(String secret) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return "pbkdf2-sha256$" + ITERATIONS + '$' + b64(salt) + '$' + b64(pbkdf2(secret, salt, ITERATIONS));
  }

  /** Constant-time check of a secret against {@link #hash}'s output. Blocking. */
  public static boolean verify(String secret, String stored) {
    String[] p = stored.split("\\$");
    if (p.length != 4 || !p[0].equals("pbkdf2-sha256")) return false;
    try {
      byte[] salt = Base64.getDecoder().decode(p[2]);
      byte[] expected = Base64.getDecoder().decode(p[3]);
      return MessageDigest.isEqual(expected, pbkdf2(secret, salt, Integer.parseInt(p[1])));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) { return Base64.getEncoder().withoutPadding().encodeToString(b); }
}
