package io.psip.authdigest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code Authorization} / {@code Proxy-Authorization} values carrying a digest response (RFC 3261 §25.1
 * {@code credentials = "Digest" LWS digest-response}, RFC 7616 §3.4). Never throws: every input gives a
 * {@link Result.Parsed} or a {@link Result.Failure} with a one-line reason (which never echoes parameter values).
 *
 * <p>Syntax: the scheme is matched case-insensitively; parameters are {@code name = value} separated by commas, with
 * optional SP/HTAB around {@code =} and {@code ,} (the SIP codec has already unfolded line continuations, so CR and
 * LF are refused); a value is a token or a quoted-string whose quoted-pairs are unescaped. Names are
 * case-insensitive; a name given twice is refused; names psip does not know are ignored.
 *
 * <p>Semantics: {@code username}, {@code realm}, {@code nonce}, {@code uri} and {@code response} are required;
 * {@code algorithm} is MD5 (the default, RFC 7616 §3.4) or SHA-256, and the {@code -sess} variants are refused;
 * {@code response} must be hex of the algorithm's length; with {@code qop}, {@code nc} (exactly 8 hex digits) and
 * {@code cnonce} are required, and without it they must be absent (RFC 3261 §22.4 / RFC 2617 §3.2.2);
 * {@code userhash=true} (RFC 7616 §3.4.4) is refused.
 */
public final class DigestCredentialsParser {
  /** Longer values are refused outright: no legitimate digest response comes near it. */
  public static final int MAX_LENGTH = 8192;

  /** The outcome of {@link #parse}. */
  public sealed interface Result {
    record Parsed(DigestCredentials credentials) implements Result {}

    record Failure(String reason) implements Result {}
  }

  private DigestCredentialsParser() {}

  public static Result parse(String value) {
    try {
      return parseOrFail(value);
    } catch (RuntimeException e) { // belt and braces: the contract is "never throws"
      return fail("unparseable digest credentials");
    }
  }

  private static Result parseOrFail(String s) {
    if (s == null) return fail("no credentials");
    if (s.length() > MAX_LENGTH) return fail("credentials longer than " + MAX_LENGTH + " characters");
    int i = skipWs(s, 0);
    int schemeEnd = tokenEnd(s, i);
    if (schemeEnd == i) return fail("no authentication scheme");
    if (!s.regionMatches(true, i, "Digest", 0, 6) || schemeEnd - i != 6) return fail("scheme is not Digest");
    if (schemeEnd == s.length() || !isWs(s.charAt(schemeEnd))) return fail("no parameters after Digest");

    Map<String, String> params = new HashMap<>();
    i = skipWs(s, schemeEnd);
    while (true) {
      int nameEnd = tokenEnd(s, i);
      if (nameEnd == i) return fail(i == s.length() ? "missing parameter" : "expected a parameter name at offset " + i);
      String name = s.substring(i, nameEnd).toLowerCase(Locale.ROOT);
      i = skipWs(s, nameEnd);
      if (i == s.length() || s.charAt(i) != '=') return fail("expected '=' after " + name);
      i = skipWs(s, i + 1);
      String value;
      if (i < s.length() && s.charAt(i) == '"') {
        StringBuilder sb = new StringBuilder();
        i = quotedString(s, i, sb);
        if (i < 0) return fail("bad quoted-string for " + name);
        value = sb.toString();
      } else {
        int valueEnd = tokenEnd(s, i);
        if (valueEnd == i) return fail("expected a token or quoted-string for " + name);
        value = s.substring(i, valueEnd);
        i = valueEnd;
      }
      if (params.putIfAbsent(name, value) != null) return fail("duplicate parameter " + name);
      i = skipWs(s, i);
      if (i == s.length()) break;
      if (s.charAt(i) != ',') return fail("expected ',' after " + name);
      i = skipWs(s, i + 1);
    }
    return credentials(params);
  }

  private static Result credentials(Map<String, String> p) {
    for (String required : new String[] {"username", "realm", "nonce", "uri", "response"}) {
      if (!p.containsKey(required)) return fail("missing " + required);
    }
    for (String nonEmpty : new String[] {"username", "nonce", "uri"}) {
      if (p.get(nonEmpty).isEmpty()) return fail("empty " + nonEmpty);
    }
    DigestAlgorithm algorithm = DigestAlgorithm.MD5;
    String alg = p.get("algorithm");
    if (alg != null) {
      if (alg.regionMatches(true, Math.max(0, alg.length() - 5), "-sess", 0, 5)) {
        return fail("session algorithms (-sess) are not supported");
      }
      algorithm = DigestAlgorithm.fromToken(alg);
      if (algorithm == null) return fail("unsupported algorithm");
    }
    String userhash = p.get("userhash");
    if (userhash != null && userhash.equalsIgnoreCase("true")) return fail("userhash is not supported");

    String response = p.get("response").toLowerCase(Locale.ROOT);
    if (response.length() != algorithm.hexLength() || !isHex(response)) {
      return fail("response is not " + algorithm.hexLength() + " hex digits");
    }
    String qop = p.get("qop");
    String nc = p.get("nc");
    String cnonce = p.get("cnonce");
    if (qop == null) {
      if (nc != null || cnonce != null) return fail("nc and cnonce need qop");
    } else {
      if (qop.isEmpty() || !isToken(qop)) return fail("qop must be one token");
      if (nc == null) return fail("missing nc");
      if (nc.length() != 8 || !isHex(nc)) return fail("nc is not 8 hex digits");
      if (cnonce == null) return fail("missing cnonce");
      if (cnonce.isEmpty()) return fail("empty cnonce");
    }
    return new Result.Parsed(new DigestCredentials(p.get("username"), p.get("realm"), p.get("nonce"), p.get("uri"),
        response, algorithm, qop, nc, cnonce, p.get("opaque")));
  }

  /**
   * RFC 3261 §25.1: {@code DQUOTE *(qdtext / quoted-pair) DQUOTE}, qdtext = SP / HTAB / %x21 / %x23-5B / %x5D-7E /
   * non-ASCII; a quoted-pair here escapes a printable ASCII character or HTAB (control characters are refused).
   *
   * @return the index after the closing quote, or -1
   */
  private static int quotedString(String s, int start, StringBuilder out) {
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') return i + 1;
      if (c == '\\') {
        if (i + 1 == s.length()) return -1;
        char e = s.charAt(i + 1);
        if (!(e == '\t' || (e >= 0x20 && e <= 0x7e))) return -1;
        out.append(e);
        i += 2;
        continue;
      }
      if (!(c == '\t' || (c >= 0x20 && c != 0x7f))) return -1;
      out.append(c);
      i++;
    }
    return -1;
  }

  /** RFC 3261 §25.1 token characters. */
  static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-.!%*_+`'~".indexOf(c) >= 0;
  }

  static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) if (!isTokenChar(s.charAt(i))) return false;
    return true;
  }

  private static int tokenEnd(String s, int i) {
    while (i < s.length() && isTokenChar(s.charAt(i))) i++;
    return i;
  }

  private static boolean isWs(char c) { return c == ' ' || c == '\t'; }

  private static int skipWs(String s, int i) {
    while (i < s.length() && isWs(s.charAt(i))) i++;
    return i;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    }
    return true;
  }

  private static Result fail(String reason) { return new Result.Failure(reason); }
}
