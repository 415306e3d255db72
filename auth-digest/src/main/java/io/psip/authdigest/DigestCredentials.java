package io.psip.authdigest;

import java.util.Objects;

/**
 * A parsed {@code Authorization} / {@code Proxy-Authorization} digest response (RFC 7616 §3.4, RFC 3261 §25.1
 * {@code digest-response}). Built only by {@link DigestCredentialsParser}, so every instance is well-formed:
 * {@code response} is lower-case hex of the algorithm's length; when {@code qop} is present, {@code nc} is 8 hex
 * digits (as sent, since it enters the hash verbatim) and {@code cnonce} is present; otherwise both are null.
 *
 * @param opaque may be null; the other strings are never null except as stated above
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
                                DigestAlgorithm algorithm, String qop, String nc, String cnonce, String opaque) {
  public DigestCredentials {
    Objects.requireNonNull(username);
    Objects.requireNonNull(realm);
    Objects.requireNonNull(nonce);
    Objects.requireNonNull(uri);
    Objects.requireNonNull(response);
    Objects.requireNonNull(algorithm);
  }

  /** The nonce count as a number (RFC 7616 §3.4: 8 hex digits), or -1 when there is no qop. */
  public long ncValue() { return nc == null ? -1 : Long.parseLong(nc, 16); }

  /**
   * This response as a header value that {@link DigestCredentialsParser#parse} turns back into an equal record:
   * strings quoted (with {@code \"} and {@code \\} escaped), {@code algorithm}, {@code qop} and {@code nc} as tokens.
   */
  public String toHeaderValue() {
    StringBuilder sb = new StringBuilder("Digest ");
    sb.append("username=").append(quote(username));
    sb.append(", realm=").append(quote(realm));
    sb.append(", nonce=").append(quote(nonce));
    sb.append(", uri=").append(quote(uri));
    sb.append(", response=").append(quote(response));
    sb.append(", algorithm=").append(algorithm.token());
    if (qop != null) {
      sb.append(", qop=").append(DigestCredentialsParser.isToken(qop) ? qop : quote(qop));
      sb.append(", nc=").append(nc);
      sb.append(", cnonce=").append(quote(cnonce));
    }
    if (opaque != null) sb.append(", opaque=").append(quote(opaque));
    return sb.toString();
  }

  /** RFC 3261 §25.1 quoted-string; {@code "} and {@code \} become quoted-pairs. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') sb.append('\\');
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  /** Never the response hash: it is an offline-guessable function of the password. */
  @Override
  public String toString() {
    return "DigestCredentials[username=" + username + ", realm=" + realm + ", uri=" + uri + ", algorithm="
        + algorithm.token() + ", qop=" + qop + ", nc=" + nc + "]";
  }
}
