package io.psip.authdigest;

import java.util.List;

/**
 * Picks our credentials among a request's {@code Proxy-Authorization} values. RFC 3261 §22.3: each proxy on the path
 * may have challenged, so a request can carry several; ours is the digest one whose realm is the target's realm.
 * Values of other schemes belong to other proxies and are skipped. A malformed digest value cannot say which realm it
 * was for, so it is reported only when no well-formed value is ours.
 */
final class ProxyCredentials {
  /** Either {@code credentials} (ours), or otherwise {@code malformed}, the first parser reason, or neither. */
  record Selection(DigestCredentials credentials, String malformed) {}

  private ProxyCredentials() {}

  static Selection select(List<String> values, String realm) {
    String malformed = null;
    for (String value : values) {
      if (!isDigest(value)) continue;
      DigestCredentialsParser.Result r = DigestCredentialsParser.parse(value);
      if (r instanceof DigestCredentialsParser.Result.Parsed p) {
        if (p.credentials().realm().equals(realm)) return new Selection(p.credentials(), null);
      } else if (malformed == null) {
        malformed = ((DigestCredentialsParser.Result.Failure) r).reason();
      }
    }
    return new Selection(null, malformed);
  }

  /** Whether the value's scheme token is {@code Digest} (case-insensitive, RFC 3261 §25.1). */
  static boolean isDigest(String value) {
    int i = 0;
    while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) i++;
    int end = i;
    while (end < value.length() && DigestCredentialsParser.isTokenChar(value.charAt(end))) end++;
    return end - i == 6 && value.regionMatches(true, i, "Digest", 0, 6);
  }
}
