package io.psip.sip.interop;

import io.psip.sip.testing.LossyUdpRelay;
import io.psip.sip.testing.Sipp;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.Waits;
import io.psip.sip.transaction.TimerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static io.psip.sip.testing.LossyUdpRelay.Direction.TO_CLIENT;
import static io.psip.sip.testing.LossyUdpRelay.Direction.TO_SERVER;
import static io.psip.sip.testing.LossyUdpRelay.request;
import static io.psip.sip.testing.LossyUdpRelay.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SIPp, an independent SIP implementation, as UAC against the stack and its {@link io.psip.sip.testing.TestUas}:
 * OPTIONS and INVITE/ACK/BYE over UDP ({@code -t u1}) and TCP ({@code -t t1}), and a call through the lossy relay
 * that loses the 200 to the INVITE, the first ACK and the 200 to the BYE. Skipped only when {@code sipp} is not
 * installed (CI installs it).
 */
class SippInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static StackFixture stack;

  @BeforeAll
  static void start() {
    assumeTrue(Sipp.available(), "sipp is not on the PATH");
    stack = StackFixture.start(StackFixture.options(new TimerSettings(20, 320, 200)));
  }

  @AfterAll
  static void stop() {
    if (stack != null) stack.close();
  }

  @AfterEach
  void leakCheck() {
    stack.afterEach();
  }

  @ParameterizedTest
  @ValueSource(strings = {"u1", "t1"})
  void optionsAreAnsweredByTheStack(String transport) {
    int port = transport.equals("u1") ? stack.udpPort() : stack.tcpPort();
    Sipp.Result r = Sipp.uac("uac_options.xml", transport, port, 5);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.successfulCalls()).as(r.describe()).isEqualTo(5);
    assertThat(r.failedCalls()).as(r.describe()).isZero();
    assertThat(stack.uas().requests()).as("OPTIONS to a served host never reaches the application").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"u1", "t1"})
  void callsAreSetUpAndTornDown(String transport) {
    int port = transport.equals("u1") ? stack.udpPort() : stack.tcpPort();
    Sipp.Result r = Sipp.uac("uac_invite.xml", transport, port, 3);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.successfulCalls()).as(r.describe()).isEqualTo(3);
    assertThat(r.failedCalls()).as(r.describe()).isZero();
    assertThat(stack.uas().count("INVITE")).isEqualTo(3);
    assertThat(stack.uas().count("BYE")).isEqualTo(3);
    Waits.until(() -> stack.uas().acks().size() == 3, WAIT, () -> "ACKs: " + stack.uas().acks().size());
    assertThat(stack.uas().strayAcks()).isEmpty();
    assertThat(stack.uas().ackTimeouts()).isEmpty();
    // per call: INVITE first, then BYE in the same dialog (the calls themselves overlap)
    var byCall = stack.uas().requests().stream().collect(java.util.stream.Collectors.groupingBy(
        io.psip.sip.message.SipRequest::callId, java.util.LinkedHashMap::new,
        java.util.stream.Collectors.mapping(io.psip.sip.message.SipRequest::method, java.util.stream.Collectors.toList())));
    assertThat(byCall).hasSize(3).allSatisfy((callId, methods) -> assertThat(methods).containsExactly("INVITE", "BYE"));
  }

  /**
   * Through the relay: the first 200 to the INVITE is lost (the stack's 2xx retransmission completes the call), the
   * first ACK is lost (the stack retransmits the 200, SIPp re-sends its ACK), and the first 200 to the BYE is lost
   * (SIPp retransmits the BYE, the stack absorbs it and resends its 200). The application sees one INVITE, one ACK
   * and one BYE.
   */
  @Test
  void aCallSurvivesLostResponsesAndALostAckThroughTheLossyRelay() {
    try (LossyUdpRelay relay = new LossyUdpRelay(stack.udpPort())) {
      LossyUdpRelay.Rule lost200 = relay.drop(TO_CLIENT, response(200, "INVITE"), 1);
      LossyUdpRelay.Rule lostAck = relay.drop(TO_SERVER, request("ACK"), 1);
      LossyUdpRelay.Rule lostByeOk = relay.drop(TO_CLIENT, response(200, "BYE"), 1);
      Sipp.Result r = Sipp.uac("uac_invite.xml", "u1", relay.port(), 1);
      assertThat(r.exitCode()).as(r.describe() + relay.trace()).isZero();
      assertThat(r.successfulCalls()).as(r.describe()).isEqualTo(1);
      assertThat(lost200.dropped()).isEqualTo(1);
      assertThat(lostAck.dropped()).isEqualTo(1);
      assertThat(lostByeOk.dropped()).isEqualTo(1);
      // the stack retransmitted its 200 for the lost one and again for the lost ACK; SIPp re-sent ACK and BYE
      assertThat(relay.count(TO_CLIENT, response(200, "INVITE"))).as(relay.trace()).isGreaterThanOrEqualTo(3);
      assertThat(relay.count(TO_SERVER, request("ACK"))).as(relay.trace()).isGreaterThanOrEqualTo(2);
      assertThat(relay.count(TO_SERVER, request("BYE"))).as(relay.trace()).isGreaterThanOrEqualTo(2);
      assertThat(relay.forwarded(TO_CLIENT, response(200, "BYE"))).as(relay.trace()).isGreaterThanOrEqualTo(1);
      assertThat(relay.count(TO_SERVER, request("INVITE"))).as(relay.trace()).isEqualTo(1);
      Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK handler not called");
      assertThat(stack.uas().summary()).isEqualTo("[INVITE, BYE]");
      assertThat(stack.uas().acks()).hasSize(1);
      assertThat(stack.uas().strayAcks()).isEmpty();
      assertThat(stack.stats().retransmissionsAbsorbed()).isPositive();
    }
  }
}
