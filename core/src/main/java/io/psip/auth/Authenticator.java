package io.psip.auth;

import io.vertx.core.Future;

/**
 * One member of the admission chain. Called on the SIP stack's event loop: it must not block, and should answer from
 * memory (the directory) rather than from a database. A failed future is treated as a 500 for this request.
 */
public interface Authenticator {
  /** The name configuration uses for this member ({@code acl}, {@code digest}, …). */
  String name();

  Future<AuthOutcome> authenticate(AuthRequest request);
}
