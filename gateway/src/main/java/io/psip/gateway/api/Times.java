package io.psip.gateway.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps as the API shows them: ISO 8601 UTC with milliseconds. */
final class Times {
  private Times() {}

  static String format(Instant t) { return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString(); }
}
