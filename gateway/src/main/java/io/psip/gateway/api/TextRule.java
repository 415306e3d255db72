package io.psip.gateway.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A rule a string field obeys: {@link #check} gives the reason it fails, or {@code null}. The rules of CONTRACT §2
 * live here, each once.
 */
@FunctionalInterface
public interface TextRule {
  String check(String value);

  /** A display name (applications, accounts): 1–255 characters, not blank, no control characters. */
  TextRule NAME = s -> s.isBlank() || s.length() > 255 || s.chars().anyMatch(Character::isISOControl)
      ? "must be 1 to 255 characters, not blank, without control characters" : null;

  /** A PSIP domain name: the first label of {@code <name>.sip-<region>.<sip.domain>}. */
  TextRule DOMAIN_NAME = matching("^[a-z0-9][a-z0-9-]{3,30}[a-z0-9]$",
      "must be 5 to 32 characters of a-z, 0-9 and '-', starting and ending with a letter or digit");

  /** A digest user name: what a PBX puts in its Authorization username, so nothing that needs quoting. */
  TextRule USER_KEY = matching("^[A-Za-z0-9._~+-]{1,64}$", "must be 1 to 64 characters of A-Z, a-z, 0-9 and . _ ~ + -");

  /** A digest password: visible ASCII only, so it can be typed into any PBX's configuration unchanged. */
  TextRule USER_SECRET = matching("^[\\x21-\\x7e]{8,128}$", "must be 8 to 128 visible ASCII characters (no spaces)");

  /** E.164 digits without '+' (a leading '+' is tolerated: see {@link #normaliseMsisdn}). */
  TextRule MSISDN = s -> normaliseMsisdn(s) == null ? "must be an E.164 number: 7 to 15 digits, not starting with 0" : null;

  /** The canonical UUID spelling. */
  TextRule UUID = matching("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
      "must be a UUID");

  /** A webhook address: an absolute http or https URL with a host. */
  TextRule WEBHOOK_URL = s -> {
    String reason = "must be an absolute http or https URL with a host";
    if (s.length() > 2048) return "must be at most 2048 characters";
    try {
      URI uri = new URI(s);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean web = scheme.equals("http") || scheme.equals("https");
      return web && uri.getHost() != null && !uri.getHost().isEmpty() ? null : reason;
    } catch (URISyntaxException e) {
      return reason;
    }
  };

  /** E.164 digits without '+', or {@code null}: 7–15 digits, the first not 0; one leading '+' is dropped. */
  static String normaliseMsisdn(String s) {
    String digits = s.startsWith("+") ? s.substring(1) : s;
    return digits.matches("[1-9][0-9]{6,14}") ? digits : null;
  }

  static TextRule matching(String regex, String reason) {
    Pattern p = Pattern.compile(regex);
    return s -> p.matcher(s).matches() ? null : reason;
  }
}
