package io.psip.routing;

import io.psip.directory.DomainEntry;

/** What the Request-URI of a new INVITE means to psip (CONTRACT §3). */
public sealed interface Route {

  /** A target the auth chain may admit a call to. {@code realm} is the digest realm its credentials belong to. */
  sealed interface Admissible extends Route {
    String realm();
  }

  /** {@code <name>.sip-<region>.<sip.domain>}: a Programmable SIP domain served in {@code region}. */
  record DomainRoute(DomainEntry domain, String region, String realm) implements Admissible {}

  /**
   * {@code sip.<sip.domain>} with an E.164 user part: SIP Connect. {@code number} is digits only (no '+'); whether the
   * caller's account owns it is decided after authentication, so an unauthenticated caller learns nothing.
   */
  record SipConnectRoute(String number, String realm) implements Admissible {}

  /** No call: answer {@code status} with {@code warning} as a {@code Warning: 399}. */
  record Refusal(int status, String warning) implements Route {}
}
