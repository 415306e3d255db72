package io.psip.call.b2bua;

/** How a new leg's final failure is reported (CONTRACT §6 statuses, Vonage's details) and relayed to the caller. */
final class FailureStatus {
  private FailureStatus() {}

  /** {status, detail} for a final failure status from the callee. */
  static String[] of(int sip) {
    return switch (sip) {
      case 486, 600 -> new String[] {"busy", null};
      case 408 -> new String[] {"unanswered", "timeout"};
      case 480 -> new String[] {"unanswered", "unavailable"};
      case 487 -> new String[] {"cancelled", null};
      case 403 -> new String[] {"rejected", "restricted"};
      case 603 -> new String[] {"rejected", "declined"};
      case 404, 484, 604 -> new String[] {"rejected", "invalid_number"};
      case 401, 407 -> new String[] {"failed", "the callee asked for credentials, which psip has none of"};
      case 503 -> new String[] {"failed", "cannot_route"};
      default -> new String[] {"failed", null};
    };
  }

  /**
   * The caller gets the callee's own status (CONTRACT §5), except a challenge: the caller cannot answer a
   * challenge meant for psip, so it gets 403 rather than an endless loop of credentials it does not have.
   */
  static int callerStatus(int sip) {
    return sip == 401 || sip == 407 ? 403 : sip;
  }
}
