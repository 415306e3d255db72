package io.psip.call.b2bua;

import io.psip.call.Leg;

/**
 * How a bridged call's new leg ended, for the NCCO session: {@code answered} calls are over and fully reported;
 * otherwise {@code status} ({@code busy}, {@code unanswered}, {@code rejected}, {@code failed}, {@code cancelled})
 * and {@code callerStatus} (the SIP status the caller should get) let the session relay it or run a fallback NCCO.
 * {@code leg} is the new leg, already ended and reported.
 */
record BridgeResult(boolean answered, String status, int callerStatus, String detail, Leg leg) {
  static BridgeResult over(Leg leg) { return new BridgeResult(true, "completed", 0, null, leg); }

  /** Statuses after which {@code eventType: "synchronous"} asks the eventUrl for the next NCCO (CONTRACT §5). */
  boolean allowsFallback() {
    return !answered && (status.equals("busy") || status.equals("unanswered") || status.equals("rejected")
        || status.equals("failed"));
  }
}
