package io.psip.sip.message.impl;

/**
 * Shared Strings for the words nearly every message repeats (methods, common parameter names): a parser that finds
 * one of them, spelled exactly so, hands out the constant instead of cutting a new String out of its input, so that
 * a parsed message neither allocates nor keeps its own copy. Comparison is exact (case-sensitive): a differently
 * spelled word is copied as written, so nothing about the parsed text changes.
 */
public final class Interned {
  private Interned() {}

  // RFC 3261 §7.1 and the extensions psip meets (RFC 3262, 3311, 2976, 6665, 3515, 3428, 3903)
  private static final String[][] METHODS = byLength(
      "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "UPDATE", "INFO", "SUBSCRIBE", "NOTIFY",
      "REFER", "MESSAGE", "PUBLISH");

  // header and URI parameter names (RFC 3261 §19.1.1, §20.42, RFC 3581, RFC 5626)
  private static final String[][] PARAM_NAMES = byLength(
      "branch", "tag", "rport", "received", "transport", "user", "lr", "maddr", "ttl", "method", "expires", "q", "ob");

  private static final byte[][][] METHOD_BYTES = bytes(METHODS);
  private static final byte[][][] PARAM_NAME_BYTES = bytes(PARAM_NAMES);

  /** The words of a table as ASCII bytes, to compare with an {@link AsciiBytes} view without a char per byte. */
  private static byte[][][] bytes(String[][] table) {
    byte[][][] t = new byte[table.length][][];
    for (int len = 0; len < table.length; len++) {
      t[len] = new byte[table[len].length][];
      for (int i = 0; i < table[len].length; i++) {
        t[len][i] = table[len][i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      }
    }
    return t;
  }

  /** Candidates indexed by length: a lookup compares with at most a few words of the same length. */
  private static String[][] byLength(String... words) {
    String[][] t = new String[10][0];
    for (String w : words) {
      String[] old = t[w.length()];
      String[] n = java.util.Arrays.copyOf(old, old.length + 1);
      n[old.length] = w;
      t[w.length()] = n;
    }
    return t;
  }

  /** A method (a token) {@code s[from, to)}: the constant for a standard one. */
  public static String method(String s, int from, int to) { return lookup(METHODS, METHOD_BYTES, s, from, to); }

  /** A method (a token, so ASCII) in {@code b[from, to)}: the constant for a standard one. */
  public static String method(byte[] b, int from, int to) {
    int len = to - from;
    if (len > 0 && len < METHODS.length) {
      for (String k : METHODS[len]) if (equals(k, b, from)) return k;
    }
    return new String(b, from, len, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static boolean equals(String k, byte[] b, int from) {
    for (int i = 0; i < k.length(); i++) if (k.charAt(i) != b[from + i]) return false;
    return true;
  }

  /** A parameter name {@code s[from, to)}: the constant for a common one. */
  public static String paramName(CharSequence s, int from, int to) {
    return lookup(PARAM_NAMES, PARAM_NAME_BYTES, s, from, to);
  }

  private static String lookup(String[][] table, byte[][][] bytes, CharSequence s, int from, int to) {
    int len = to - from;
    if (len > 0 && len < table.length) {
      String[] words = table[len];
      if (s instanceof AsciiBytes a) {
        for (int i = 0; i < words.length; i++) if (a.regionEquals(from, bytes[len][i])) return words[i];
      } else {
        char first = s.charAt(from);
        for (String k : words) if (k.charAt(0) == first && Lexer.startsWith(s, k, from)) return k;
      }
    }
    return Lexer.substring(s, from, to);
  }
}
