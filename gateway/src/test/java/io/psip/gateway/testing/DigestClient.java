package io.psip.gateway.testing;

import io.psip.authdigest.DigestAlgorithm;
import io.psip.authdigest.DigestVerifier;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of SIP digest for tests: reads a {@code Proxy-Authenticate} challenge and writes the
 * {@code Proxy-Authorization} answering it (RFC 7616 {@code qop=auth}); the response hashes come from
 * {@link DigestVerifier#ha1} and {@link DigestVerifier#expectedResponse}.
 */
public final class DigestClient {
  private DigestClient() {}

  private static final Pattern PARAM = Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\s]+)");

  /** One parsed challenge. */
  public record Challenge(String scheme, Map<String, String> params, String raw) {
    public String realm() { return params.get("realm"); }

    public String nonce() { return params.get("nonce"); }

    public String qop() { return params.get("qop"); }

    public String algorithm() { return params.getOrDefault("algorithm", "MD5"); }

    public boolean stale() { return "true".equalsIgnoreCase(params.get("stale")); }
  }

  public static Challenge parse(String header) {
    String h = header.strip();
    int space = h.indexOf(' ');
    String scheme = space < 0 ? h : h.substring(0, space);
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(space < 0 ? "" : h.substring(space + 1));
    while (m.find()) {
      String value = m.group(3) != null ? m.group(3) : m.group(2);
      params.put(m.group(1).toLowerCase(Locale.ROOT), value);
    }
    return new Challenge(scheme, params, header);
  }

  public static DigestAlgorithm algorithm(String token) {
    for (DigestAlgorithm a : DigestAlgorithm.values()) if (a.token().equalsIgnoreCase(token)) return a;
    throw new IllegalArgumentException("unknown digest algorithm " + token);
  }

  /**
   * A {@code Proxy-Authorization} value.
   *
   * @param uri the digest uri (normally the Request-URI, copied verbatim)
   * @param nc  the nonce count, 8 hex digits
   */
  public static String authorization(DigestAlgorithm alg, String user, String password, String realm, String nonce,
                                     String method, String uri, String nc, String cnonce) {
    String ha1 = DigestVerifier.ha1(alg, user, realm, password);
    String response = DigestVerifier.expectedResponse(alg, ha1, nonce, nc, cnonce, "auth", method, uri);
    return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
        + "\", response=\"" + response + "\", algorithm=" + alg.token() + ", qop=auth, nc=" + nc + ", cnonce=\""
        + cnonce + "\"";
  }

  /** Answers {@code challenge} for {@code method uri} with nonce count 1. */
  public static String answer(Challenge challenge, String user, String password, String method, String uri) {
    return authorization(algorithm(challenge.algorithm()), user, password, challenge.realm(), challenge.nonce(), method,
        uri, "00000001", "c0ffee" + Long.toHexString(System.nanoTime()));
  }
}
