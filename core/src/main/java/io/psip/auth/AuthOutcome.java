package io.psip.auth;

import java.util.List;

/**
 * What one authenticator, or the whole chain, concluded about a request. Only authentication-shaped outcomes
 * ({@link Abstain}, {@link Challenge}) let the chain ask its next member; {@link Admitted} and {@link Rejected} end it.
 */
public sealed interface AuthOutcome {

  /** The request is who it claims to be. */
  record Admitted(AuthPrincipal principal) implements AuthOutcome {
    public Admitted {
      if (principal == null) throw new IllegalArgumentException("principal is required");
    }
  }

  /**
   * Credentials are needed: answer with {@code status} (407 for a proxy-like gateway, RFC 3261 §22.3) carrying
   * {@code headers} (for example several {@code Proxy-Authenticate} values, RFC 8760 §2.4 order).
   */
  record Challenge(int status, List<Header> headers, String reason) implements AuthOutcome {
    public Challenge {
      headers = List.copyOf(headers);
    }
  }

  /** Definitely refused (wrong credentials, a banned source): answer {@code status} with {@code reason} as Warning. */
  record Rejected(int status, String reason) implements AuthOutcome {}

  /**
   * This member cannot admit the request (not configured for the target, source not listed, no credentials of its
   * kind). {@code reason} says why, for the operator's log and the final 403's Warning when nobody admits.
   */
  record Abstain(String reason) implements AuthOutcome {}

  /** A header an authenticator asks to add to its challenge. */
  record Header(String name, String value) {}

  static Admitted admitted(AuthPrincipal principal) { return new Admitted(principal); }

  static Rejected rejected(int status, String reason) { return new Rejected(status, reason); }

  static Abstain abstain(String reason) { return new Abstain(reason); }
}
