package io.psip.gateway.admission;

import io.psip.sip.message.SipResponse;

import javax.sip.message.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on psip's answers: the status and the {@code Warning: 399 <host> "<reason>"} every rejection carries. */
final class SipAsserts {
  /** What the test's connect endpoint ({@code BusyUas}) answers; a B2BUA relays it to the caller (CONTRACT §5). */
  static final int ENDPOINT_BUSY = 486;

  private static final Pattern WARNING = Pattern.compile("^399 (\\S+) \"(.*)\"$");

  private SipAsserts() {}

  /** The reason text of the one {@code Warning: 399} header; fails when there is none or it is not well formed. */
  static String warning(SipResponse r) {
    assertThat(r.headerValues("Warning")).as("Warning headers of\n%s", r).hasSize(1);
    Matcher m = WARNING.matcher(r.header("Warning").strip());
    assertThat(m.matches()).as("Warning '%s' is 399 <host> \"<text>\"", r.header("Warning")).isTrue();
    return m.group(2);
  }

  /** Status and a fragment of the Warning's reason. */
  static void assertRefused(SipResponse r, int status, String warningFragment) {
    assertThat(r.status()).as("status of\n%s", r).isEqualTo(status);
    assertThat(warning(r)).containsIgnoringCase(warningFragment);
  }

  /**
   * The call was admitted and its application answered with the test's valid {@code connect} NCCO: the B2BUA placed
   * the new leg and relays the endpoint's own 486 (CONTRACT §5). Any refusal (403, 404, 407, 500, 503…) fails.
   */
  static void assertAdmitted(SipResponse r) {
    assertThat(r.status()).as("admitted: the endpoint's 486 relayed; got\n%s", r).isEqualTo(ENDPOINT_BUSY);
  }

  /** {@link #assertAdmitted(SipResponse)} for a response JAIN-SIP received. */
  static void assertAdmitted(Response r) {
    assertThat(r.getStatusCode()).as("admitted: the endpoint's 486 relayed; got\n%s", r).isEqualTo(ENDPOINT_BUSY);
  }
}
