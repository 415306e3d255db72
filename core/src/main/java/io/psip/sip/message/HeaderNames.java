package io.psip.sip.message;

import io.psip.sip.message.impl.AsciiBytes;

import java.util.Set;

/**
 * Canonical header names, compact forms (RFC 3261 §7.3.3 and later RFCs) and which headers are lists or
 * single-valued. Lookups are case-insensitive and allocation-free.
 */
public final class HeaderNames {
  private HeaderNames() {}

  public static final String VIA = "Via";
  public static final String FROM = "From";
  public static final String TO = "To";
  public static final String CALL_ID = "Call-ID";
  public static final String CSEQ = "CSeq";
  public static final String MAX_FORWARDS = "Max-Forwards";
  public static final String CONTACT = "Contact";
  public static final String ROUTE = "Route";
  public static final String RECORD_ROUTE = "Record-Route";
  public static final String CONTENT_LENGTH = "Content-Length";
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String CONTENT_ENCODING = "Content-Encoding";
  public static final String CONTENT_DISPOSITION = "Content-Disposition";
  public static final String ALLOW = "Allow";
  public static final String ACCEPT = "Accept";
  public static final String ACCEPT_ENCODING = "Accept-Encoding";
  public static final String ACCEPT_LANGUAGE = "Accept-Language";
  public static final String SUPPORTED = "Supported";
  public static final String REQUIRE = "Require";
  public static final String PROXY_REQUIRE = "Proxy-Require";
  public static final String UNSUPPORTED = "Unsupported";
  public static final String WARNING = "Warning";
  public static final String SERVER = "Server";
  public static final String USER_AGENT = "User-Agent";
  public static final String EXPIRES = "Expires";
  public static final String MIN_EXPIRES = "Min-Expires";
  public static final String RETRY_AFTER = "Retry-After";
  public static final String DATE = "Date";
  public static final String TIMESTAMP = "Timestamp";
  public static final String SUBJECT = "Subject";
  public static final String AUTHORIZATION = "Authorization";
  public static final String PROXY_AUTHORIZATION = "Proxy-Authorization";
  public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  public static final String PROXY_AUTHENTICATE = "Proxy-Authenticate";
  public static final String REASON = "Reason";
  public static final String USER_TO_USER = "User-to-User";
  public static final String ALLOW_EVENTS = "Allow-Events";
  public static final String EVENT = "Event";
  public static final String REFER_TO = "Refer-To";
  public static final String REFERRED_BY = "Referred-By";
  public static final String SESSION_EXPIRES = "Session-Expires";

  private static final String[] KNOWN = {
      VIA, FROM, TO, CALL_ID, CSEQ, MAX_FORWARDS, CONTACT, ROUTE, RECORD_ROUTE, CONTENT_LENGTH, CONTENT_TYPE,
      CONTENT_ENCODING, CONTENT_DISPOSITION, ALLOW, ACCEPT, ACCEPT_ENCODING, ACCEPT_LANGUAGE, SUPPORTED, REQUIRE,
      PROXY_REQUIRE, UNSUPPORTED, WARNING, SERVER, USER_AGENT, EXPIRES, MIN_EXPIRES, RETRY_AFTER, DATE, TIMESTAMP,
      SUBJECT, AUTHORIZATION, PROXY_AUTHORIZATION, WWW_AUTHENTICATE, PROXY_AUTHENTICATE, REASON, USER_TO_USER,
      ALLOW_EVENTS, EVENT, REFER_TO, REFERRED_BY, SESSION_EXPIRES,
      "Alert-Info", "Call-Info", "Error-Info", "In-Reply-To", "Organization", "Priority", "Reply-To", "MIME-Version",
      "Content-Language", "Path", "Service-Route", "P-Asserted-Identity", "Privacy", "RSeq", "RAck", "Min-SE",
      "Identity", "Accept-Contact", "Reject-Contact", "Request-Disposition",
  };

  /** RFC 3261 §7.3.3, RFC 3265, RFC 3515, RFC 3892, RFC 4028, RFC 3841, RFC 8224 compact forms. */
  private static final String[][] COMPACT = {
      {"v", VIA}, {"f", FROM}, {"t", TO}, {"i", CALL_ID}, {"m", CONTACT}, {"l", CONTENT_LENGTH},
      {"c", CONTENT_TYPE}, {"e", CONTENT_ENCODING}, {"k", SUPPORTED}, {"s", SUBJECT}, {"u", ALLOW_EVENTS},
      {"o", EVENT}, {"r", REFER_TO}, {"b", REFERRED_BY}, {"x", SESSION_EXPIRES}, {"y", "Identity"},
      {"a", "Accept-Contact"}, {"j", "Reject-Contact"}, {"d", "Request-Disposition"},
  };

  /** Headers whose values are comma-separated lists (RFC 3261 §7.3.1), split by {@link SipMessage#headerValues}. */
  private static final Set<String> LISTS = Set.of(VIA, CONTACT, ROUTE, RECORD_ROUTE, ALLOW, ACCEPT, ACCEPT_ENCODING,
      ACCEPT_LANGUAGE, SUPPORTED, REQUIRE, PROXY_REQUIRE, UNSUPPORTED, WARNING, CONTENT_ENCODING, ALLOW_EVENTS,
      "Alert-Info", "Call-Info", "Error-Info", "In-Reply-To", "Content-Language", "Path", "Service-Route",
      "P-Asserted-Identity", "Privacy", REASON);

  /** Headers that may appear once; a second one makes a request malformed (RFC 4475 §3.3.8). */
  private static final Set<String> SINGLE = Set.of(FROM, TO, CALL_ID, CSEQ, MAX_FORWARDS, CONTENT_LENGTH,
      CONTENT_TYPE, EXPIRES, MIN_EXPIRES, DATE);

  // Two open-addressing tables over the same spellings (long forms and compact forms):
  //  - EXACT is keyed by String.hashCode(), which a String caches: a name that is one of the constants above (as the
  //    parser hands over for every canonically spelled header) is found with no hashing and one identity compare;
  //  - FOLDED is keyed by a hash of the ASCII-lower-cased spelling, for any other spelling ("via", "CONTENT-length").
  // String.hashCode() of short names is clustered (the compact forms are 19 consecutive values): slots are taken
  // from the top bits of the hash times the golden ratio, in a table 6x larger than the 80 spellings, so that a
  // lookup, hit or miss, probes one or two slots
  private static final int TABLE_BITS = 9;
  private static final int TABLE_SIZE = 1 << TABLE_BITS;
  private static final String[] EXACT_KEY = new String[TABLE_SIZE];
  private static final String[] EXACT_CANON = new String[TABLE_SIZE];
  private static final String[] FOLDED_KEY = new String[TABLE_SIZE];
  private static final String[] FOLDED_CANON = new String[TABLE_SIZE];

  static {
    for (String k : KNOWN) put(k, k);
    for (String[] c : COMPACT) put(c[0], c[1]);
  }

  private static void put(String spelling, String canonical) {
    int i = slot(spelling.hashCode());
    while (EXACT_KEY[i] != null) i = (i + 1) & (TABLE_SIZE - 1);
    EXACT_KEY[i] = spelling;
    EXACT_CANON[i] = canonical;
    i = slot(foldedHash(spelling));
    while (FOLDED_KEY[i] != null) i = (i + 1) & (TABLE_SIZE - 1);
    FOLDED_KEY[i] = spelling;
    FOLDED_CANON[i] = canonical;
  }

  private static int slot(int hash) { return (hash * 0x9E3779B9) >>> (32 - TABLE_BITS); }

  /** ASCII lower case; header names are tokens, so no other letters need folding. */
  private static int lower(int c) { return c >= 'A' && c <= 'Z' ? c | 0x20 : c; }

  private static int foldedHash(String s) {
    int h = s.length();
    for (int i = 0; i < s.length(); i++) h = h * 31 + lower(s.charAt(i));
    return h ^ (h >>> 16);
  }

  /** The canonical spelling of a known header name or compact form, or {@code null} when unknown. */
  public static String canonicalOrNull(String name) {
    String c = exactOrNull(name);
    return c != null ? c : foldedOrNull(name);
  }

  /** True when {@code name} is spelled exactly as a known name or compact form (so it is a token). */
  static boolean isKnownSpelling(String name) { return exactOrNull(name) != null; }

  private static String exactOrNull(String name) {
    int i = slot(name.hashCode());
    for (String k; (k = EXACT_KEY[i]) != null; i = (i + 1) & (TABLE_SIZE - 1)) {
      if (k == name || k.equals(name)) return EXACT_CANON[i];
    }
    return null;
  }

  private static String foldedOrNull(String name) {
    int i = slot(foldedHash(name));
    for (String k; (k = FOLDED_KEY[i]) != null; i = (i + 1) & (TABLE_SIZE - 1)) {
      if (equalsFolded(k, name)) return FOLDED_CANON[i];
    }
    return null;
  }

  private static boolean equalsFolded(String k, String name) {
    if (k.length() != name.length()) return false;
    for (int i = 0; i < k.length(); i++) if (lower(k.charAt(i)) != lower(name.charAt(i))) return false;
    return true;
  }

  // A third table for a parser's bytes, keyed by a hash of the length and three bytes (no multiply per byte) and
  // compared as bytes: the spellings, as written, with their canonical names
  private static final byte[][] BYTES_KEY = new byte[TABLE_SIZE][];
  private static final String[] BYTES_SPELLING = new String[TABLE_SIZE];
  private static final String[] BYTES_CANON = new String[TABLE_SIZE];

  static {
    for (int i = 0; i < TABLE_SIZE; i++) {
      String k = EXACT_KEY[i];
      if (k == null) continue;
      byte[] kb = k.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      int j = slot(bytesHash(kb, 0, kb.length));
      while (BYTES_KEY[j] != null) j = (j + 1) & (TABLE_SIZE - 1);
      BYTES_KEY[j] = kb;
      BYTES_SPELLING[j] = k;
      BYTES_CANON[j] = EXACT_CANON[i];
    }
  }

  private static int bytesHash(byte[] b, int from, int to) {
    int len = to - from;
    if (len == 0) return 0;
    return ((len * 31 + b[from]) * 31 + b[to - 1]) * 31 + b[from + (len >> 1)];
  }

  /**
   * The constant for a known spelling (long or compact form, exactly as written: case is <em>not</em> folded here)
   * in {@code b[from, to)} read as ISO-8859-1, or {@code null}: lets a parser reuse the constant instead of
   * allocating a String per header name, and later lookups of that constant are one identity compare.
   */
  public static String knownSpelling(byte[] b, int from, int to) {
    int i = knownSpellingSlot(b, from, to);
    return i < 0 ? null : BYTES_SPELLING[i];
  }

  /**
   * Where {@link #knownSpelling(byte[], int, int)} finds the spelling, or -1: {@link #spellingAt} and
   * {@link #canonicalAt} then give the constant and its canonical name with no second lookup.
   */
  public static int knownSpellingSlot(byte[] b, int from, int to) {
    int len = to - from;
    for (int i = slot(bytesHash(b, from, to)); BYTES_KEY[i] != null; i = (i + 1) & (TABLE_SIZE - 1)) {
      byte[] k = BYTES_KEY[i];
      if (k.length == len && AsciiBytes.equalAt(b, from, k)) return i;
    }
    return -1;
  }

  /** The known spelling at a slot found by {@link #knownSpellingSlot}. */
  public static String spellingAt(int slot) { return BYTES_SPELLING[slot]; }

  /** The canonical name of the known spelling at a slot found by {@link #knownSpellingSlot}. */
  public static String canonicalAt(int slot) { return BYTES_CANON[slot]; }

  /** The canonical spelling of a known name, or the name as given. */
  public static String canonical(String name) {
    String c = canonicalOrNull(name);
    return c == null ? name : c;
  }

  public static boolean isList(String canonicalName) { return LISTS.contains(canonicalName); }

  public static boolean isSingle(String canonicalName) { return SINGLE.contains(canonicalName); }

  /** Two header names denote the same header (case-insensitive, compact forms folded). */
  public static boolean same(String a, String b) {
    // only the compact forms (one letter) differ from their canonical name by more than case: two longer names
    // are compared as they are, with no lookup (builders compare every header's name this way)
    if (a.length() > 1 && b.length() > 1) return a.equalsIgnoreCase(b);
    return canonical(a).equalsIgnoreCase(canonical(b));
  }
}
