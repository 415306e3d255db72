package io.psip.sip.message;

/**
 * A header value or URI does not follow the grammar of RFC 3261 §25. Stackless: it is a value, not a
 * programming error, and is turned into a 400 (or a dropped response) at the codec boundary.
 */
public class SipSyntaxException extends Exception {
  public SipSyntaxException(String reason) {
    super(reason, null, false, false);
  }
}
