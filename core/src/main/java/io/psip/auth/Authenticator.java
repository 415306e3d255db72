package io.psip.auth;

import io.vertx.core.Future;

import java.util.Map;

/**
 * One member of the admission chain. Called on the SIP stack's event loop: it must not block, and should answer from
 * memory (the directory) rather than from a database. A failed future is treated as a 500 for this request.
 */
public interface Authenticator {
  /** The name configuration uses for this member ({@code acl}, {@code digest}, …). */
  String name();

  Future<AuthOutcome> authenticate(AuthRequest request);

  /**
   * Counters and gauges for {@code /metrics} (e.g. {@code failures}, {@code bans}), read from any thread at scrape
   * time; exported as {@code psip_auth_<name>_<key>}. None by default.
   */
  default Map<String, Number> metrics() { return Map.of(); }
}
