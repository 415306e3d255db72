package io.psip.authdigest;

import java.util.List;

/**
 * The {@code Proxy-Authenticate} values of a 407 (RFC 3261 §22.3, RFC 7616 §3.3): one challenge per algorithm,
 * SHA-256 first and MD5 second — RFC 8760 §2.4: the preferred algorithm first, MD5 last for older clients. Both carry
 * the same nonce (it is not bound to an algorithm) and {@code qop="auth"}; {@code stale=true} when the client's nonce
 * was genuine but expired (RFC 7616 §3.3), so it retries with the new nonce without asking its user.
 */
public final class ChallengeBuilder {
  private ChallengeBuilder() {}

  /** The header values, in order, one {@code Proxy-Authenticate} header each. */
  public static List<String> challenges(String realm, String nonce, boolean stale) {
    return List.of(challenge(DigestAlgorithm.SHA_256, realm, nonce, stale),
        challenge(DigestAlgorithm.MD5, realm, nonce, stale));
  }

  /** {@code Digest realm="…", nonce="…", qop="auth", algorithm=…[, stale=true]}. */
  public static String challenge(DigestAlgorithm algorithm, String realm, String nonce, boolean stale) {
    StringBuilder sb = new StringBuilder("Digest realm=").append(DigestCredentials.quote(realm))
        .append(", nonce=").append(DigestCredentials.quote(nonce))
        .append(", qop=\"auth\", algorithm=").append(algorithm.token());
    if (stale) sb.append(", stale=true");
    return sb.toString();
  }
}
