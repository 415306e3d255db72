package io.psip.ncco;

/**
 * Which valid NCCO actions this psip build can run. psip has no media plane yet: it relays SDP and
 * signalling only, so anything that plays, hears, records, mixes or bridges audio itself is refused.
 */
public final class MediaSupport {
  private MediaSupport() {}

  /**
   * Why {@code action} cannot run in this build, or null when it can ({@code connect} to a sip or phone
   * endpoint, {@code notify}).
   */
  public static String unsupportedReason(NccoAction action) {
    if (action == null) return "no action";
    if (action instanceof NccoAction.Notify) return null;
    if (action instanceof NccoAction.Connect c) {
      Endpoint e = c.endpoint();
      if (e instanceof Endpoint.SipEndpoint || e instanceof Endpoint.PhoneEndpoint) return null;
      if (e instanceof Endpoint.WebsocketEndpoint) return needsMedia("connect to a websocket endpoint");
      if (e instanceof Endpoint.AppEndpoint) return "connect to an app endpoint needs Vonage Client SDK users, which this psip build does not have";
      if (e instanceof Endpoint.VbcEndpoint) return "connect to a vbc endpoint needs Vonage Business Communications, which this psip build does not have";
      return "connect to an unknown endpoint type";
    }
    if (action instanceof NccoAction.Wait) return needsMedia("wait (it holds the call with silence)");
    if (action instanceof NccoAction.Transfer) return needsMedia("transfer (it joins an existing conversation)");
    return needsMedia(action.action());
  }

  /** True when {@link #unsupportedReason} is null. */
  public static boolean isSupported(NccoAction action) { return unsupportedReason(action) == null; }

  private static String needsMedia(String what) {
    return what + " needs the media plane, which this psip build does not have";
  }
}
