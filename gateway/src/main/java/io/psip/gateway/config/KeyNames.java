package io.psip.gateway.config;

import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;

/** "Did you mean…?" for misspelt keys and variables: the closest known name within a small edit distance. */
final class KeyNames {
  private static final int MAX_DISTANCE = 3;

  private KeyNames() {}

  static Optional<String> closest(String name) { return closest(name, ConfigKey::name); }

  static Optional<String> closestVariable(String variable) { return closest(variable, ConfigKey::envVar); }

  private static Optional<String> closest(String typo, Function<ConfigKey<?>, String> nameOf) {
    return ConfigKeys.ALL.stream()
        .map(nameOf)
        .min(Comparator.comparingInt(known -> distance(typo, known)))
        .filter(known -> distance(typo, known) <= MAX_DISTANCE);
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitution, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
