package io.psip.authdigest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks a digest response against a stored HA1 (RFC 7616 §3.4.1, RFC 3261 §22.4):
 * <pre>
 * HA2      = H(method ":" digest-uri)
 * response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)     with qop = "auth"
 * </pre>
 * Decisions:
 * <ul>
 *   <li>Only {@code qop=auth}. psip always challenges with {@code qop="auth"}, and RFC 7616 §3.4 makes qop
 *       mandatory in the response; the RFC 2069 form without qop (no nc, so no replay protection) and
 *       {@code auth-int} are refused.</li>
 *   <li>The digest {@code uri} must be the Request-URI as the same string, after trimming surrounding whitespace
 *       (not RFC 3261 §19.1.4 equivalence): the hash covers the exact text, so that text must name this request's
 *       target. Clients copy the Request-URI verbatim (RFC 3261 §22.4).</li>
 *   <li>The expected response is compared in constant time ({@link MessageDigest#isEqual}).</li>
 *   <li>Unknown user and wrong password take the same path: pass {@code null} as HA1 for an unknown user, and the
 *       verifier computes a response with a random per-process HA1 of the right algorithm, compares it the same way,
 *       and returns {@link Result#WRONG_CREDENTIALS} — one outcome, the same hashing work, the same compare. Callers
 *       must map both to the same answer (403) and the same failure counting.</li>
 * </ul>
 * The method must be the request's method (RFC 3261 §22.4: for an ACK/CANCEL the INVITE's). The realm and the nonce's
 * validity are checked by the caller ({@link NonceService}); the HA1 already binds the realm it was made for.
 */
public final class DigestVerifier {
  public enum Result {
    /** The response is right. */
    OK,
    /** Wrong password or unknown user; deliberately one outcome. */
    WRONG_CREDENTIALS,
    /** The digest uri is not the Request-URI. */
    WRONG_URI,
    /** No qop, or a qop other than auth. */
    UNSUPPORTED_QOP
  }

  /** Random per process, of each algorithm's length, so an unknown user costs exactly what a known one does. */
  private static final String DECOY_MD5 = HexFormat.of().formatHex(randomBytes(16));
  private static final String DECOY_SHA_256 = HexFormat.of().formatHex(randomBytes(32));

  private DigestVerifier() {}

  /**
   * @param ha1 the stored HA1 for {@code c.algorithm()} (lower-case hex, RFC 7616 §3.4.2), or {@code null} when the
   *            user is unknown or has no HA1 for that algorithm
   */
  public static Result verify(DigestCredentials c, String method, String requestUri, String ha1) {
    if (c.qop() == null || !c.qop().equalsIgnoreCase("auth")) return Result.UNSUPPORTED_QOP;
    if (requestUri == null || !c.uri().trim().equals(requestUri.trim())) return Result.WRONG_URI;
    boolean known = ha1 != null && ha1.length() == c.algorithm().hexLength();
    String effectiveHa1 = known ? ha1.toLowerCase(Locale.ROOT) : decoyHa1(c.algorithm());
    String expected = expectedResponse(c.algorithm(), effectiveHa1, c.nonce(), c.nc(), c.cnonce(), c.qop(), method,
        c.uri());
    boolean equal = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        c.response().getBytes(StandardCharsets.US_ASCII));
    return equal && known ? Result.OK : Result.WRONG_CREDENTIALS;
  }

  /** RFC 7616 §3.4.1 with qop: H(HA1:nonce:nc:cnonce:qop:H(method:uri)). Public for tests and clients. */
  public static String expectedResponse(DigestAlgorithm alg, String ha1, String nonce, String nc, String cnonce,
                                        String qop, String method, String uri) {
    String ha2 = alg.hex(method + ':' + uri);
    return alg.hex(ha1 + ':' + nonce + ':' + nc + ':' + cnonce + ':' + qop + ':' + ha2);
  }

  /** RFC 7616 §3.4.2: HA1 = H(username:realm:password), for provisioning and tests. */
  public static String ha1(DigestAlgorithm alg, String username, String realm, String password) {
    return alg.hex(username + ':' + realm + ':' + password);
  }

  private static String decoyHa1(DigestAlgorithm alg) { return alg == DigestAlgorithm.MD5 ? DECOY_MD5 : DECOY_SHA_256; }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
