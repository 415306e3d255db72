package io.psip.authdigest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest algorithms psip accepts (RFC 7616 §3.3, RFC 8760 §2.1). The {@code -sess} variants (RFC 7616 §3.4.2) are
 * not offered: their HA1 depends on the nonce and cnonce, so a stored HA1 could not be used as is.
 */
public enum DigestAlgorithm {
  MD5("MD5", "MD5"),
  SHA_256("SHA-256", "SHA-256");

  private final String token;
  private final String jcaName;

  DigestAlgorithm(String token, String jcaName) {
    this.token = token;
    this.jcaName = jcaName;
  }

  /** The {@code algorithm} parameter value, as written in challenges. */
  public String token() { return token; }

  /** Length of a lower-case hex digest: 32 for MD5, 64 for SHA-256. */
  public int hexLength() { return this == MD5 ? 32 : 64; }

  /** The algorithm for a token, case-insensitively, or {@code null}. */
  public static DigestAlgorithm fromToken(String token) {
    for (DigestAlgorithm a : values()) if (a.token.equalsIgnoreCase(token)) return a;
    return null;
  }

  /** RFC 7616 §3.4: H(data), as lower-case hex of the UTF-8 bytes' digest. */
  public String hex(String data) {
    try {
      byte[] h = MessageDigest.getInstance(jcaName).digest(data.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " is required of every Java platform", e);
    }
  }
}
