package io.psip.sip.transaction;

import io.psip.sip.testing.RawMessage;
import io.psip.sip.testing.RawRequest;
import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.TestUas;
import io.psip.sip.testing.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static io.psip.sip.testing.RawSipClient.anyResponse;
import static io.psip.sip.testing.RawSipClient.isResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server transactions (RFC 3261 §17.2, RFC 6026) seen from a raw peer over UDP and TCP: final responses
 * retransmitted until the ACK, retransmitted requests absorbed (the application sees each request once), CANCEL.
 */
class ServerTransactionWireTest {
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static final long T1 = 20;
  private static final long T2 = 320;
  private static StackFixture stack;

  @BeforeAll
  static void start() {
    stack = StackFixture.start(StackFixture.options(new TimerSettings(T1, T2, 200)));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @AfterEach
  void leakCheck() {
    stack.afterEach();
  }

  private static RawSipClient client(String transport) {
    return transport.equals("TCP") ? RawSipClient.tcp(stack.tcpPort()) : RawSipClient.udp().target(stack.udpPort());
  }

  private static RawRequest invite(RawSipClient c) {
    return RawRequest.of("INVITE", "sip:svc@127.0.0.1:" + stack.udpPort()).via(c.transport(), "127.0.0.1", c.localPort())
        .body("application/sdp", RawRequest.sdp(4000));
  }

  private static RawRequest request(RawSipClient c, String method) {
    return RawRequest.of(method, "sip:svc@127.0.0.1:" + stack.udpPort()).via(c.transport(), "127.0.0.1", c.localPort());
  }

  @Test
  void nonSuccessFinalToInviteIsRetransmittedOverUdpUntilAckAndTheAckIsAbsorbed() {
    stack.uas().inviteMode(TestUas.InviteMode.BUSY);
    try (RawSipClient c = client("UDP")) {
      RawRequest inv = invite(c);
      c.send(inv);
      // Timer G: T1, 2*T1, 4*T1 … the same 486 each time
      List<RawMessage> busy = c.awaitCount(isResponse(486, "INVITE"), 4, WAIT);
      assertThat(busy).extracting(RawMessage::toTag).containsOnly(busy.get(0).toTag());
      assertThat(busy).extracting(RawMessage::text).containsOnly(busy.get(0).text());
      // timers never fire early: lower bounds hold however loaded the machine is
      List<RawSipClient.Received> arrivals = c.received().stream().filter(r -> r.message().status() == 486).toList();
      long ms = 1_000_000;
      assertThat(arrivals.get(1).atNanos() - arrivals.get(0).atNanos()).as("first after T1").isGreaterThanOrEqualTo((T1 - 3) * ms);
      assertThat(arrivals.get(3).atNanos() - arrivals.get(2).atNanos()).as("third after 4*T1").isGreaterThanOrEqualTo((4 * T1 - 3) * ms);
      assertThat(arrivals.get(3).atNanos() - arrivals.get(0).atNanos()).as("T1 + 2T1 + 4T1").isGreaterThanOrEqualTo((7 * T1 - 3) * ms);

      RawRequest ack = inv.ackFor(busy.get(0));
      c.send(ack);
      c.send(ack); // a retransmitted ACK
      int mark = c.mark();
      // after the ACK (Confirmed): no more 486 beyond one already in flight
      assertThat(c.within(mark, isResponse(486, "INVITE"), Duration.ofMillis(T2 + 80))).hasSizeLessThanOrEqualTo(1);
      assertThat(stack.uas().count("INVITE")).isEqualTo(1);
      assertThat(stack.uas().strayAcks()).as("the ACK never reaches the application").isEmpty();
      assertThat(stack.uas().acks()).isEmpty();
      assertThat(stack.uas().summary()).isEqualTo("[INVITE]");
    }
  }

  @Test
  void nonSuccessFinalToInviteIsSentOnceOverTcp() {
    stack.uas().inviteMode(TestUas.InviteMode.BUSY);
    try (RawSipClient c = client("TCP")) {
      RawRequest inv = invite(c);
      c.send(inv);
      RawMessage busy = c.awaitResponse(486, "INVITE", WAIT);
      assertThat(c.within(0, isResponse(486, "INVITE"), Duration.ofMillis(4 * T1 + 100))).hasSize(1);
      c.send(inv.ackFor(busy));
      Waits.until(() -> stack.stats().serverTransactions() == 0, WAIT, "ACK did not end the transaction");
      assertThat(stack.uas().strayAcks()).isEmpty();
      assertThat(stack.uas().summary()).isEqualTo("[INVITE]");
    }
    stack.assertQuiescent(true);
  }

  @Test
  void nonSuccessFinalWithoutAckEndsAfterTimerH() {
    stack.uas().inviteMode(TestUas.InviteMode.BUSY);
    try (RawSipClient c = client("UDP")) {
      c.send(invite(c));
      c.awaitResponse(486, "INVITE", WAIT);
      // Timer H (64*T1) ends the transaction, and with it the retransmissions
      stack.assertQuiescent();
      int mark = c.mark();
      assertThat(c.within(mark, anyResponse(), Duration.ofMillis(2 * T2))).isEmpty();
    }
  }

  @Test
  void successIsRetransmittedOverUdpUntilAckAndTheAckHandlerIsCalledOnce() {
    try (RawSipClient c = client("UDP")) {
      RawRequest inv = invite(c);
      c.send(inv);
      List<RawMessage> oks = c.awaitCount(isResponse(200, "INVITE"), 3, WAIT);
      assertThat(oks).extracting(RawMessage::toTag).containsOnly(oks.get(0).toTag());
      RawRequest ack = inv.ack2xx(oks.get(0));
      c.send(ack);
      Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK handler not called");
      c.send(ack); // retransmitted ACK: absorbed
      c.send(inv); // retransmitted INVITE in Accepted: absorbed (RFC 6026 §7.1)
      int mark = c.mark();
      assertThat(c.within(mark, isResponse(200, "INVITE"), Duration.ofMillis(T2 + 80))).hasSizeLessThanOrEqualTo(1);
      assertThat(stack.uas().acks()).hasSize(1);
      assertThat(stack.uas().strayAcks()).isEmpty();
      assertThat(stack.uas().count("INVITE")).isEqualTo(1);
      assertThat(stack.uas().ackTimeouts()).isEmpty();
    }
  }

  /**
   * RFC 3261 §13.3.1.4: the 2xx is retransmitted until the ACK "independent of whatever transport protocols are used
   * to send the response": it travels end to end, and a hop beyond the UAS's reliable connection may be UDP.
   */
  @Test
  void successIsRetransmittedOverTcpTooUntilTheAck() {
    try (RawSipClient c = client("TCP")) {
      RawRequest inv = invite(c);
      c.send(inv);
      List<RawMessage> oks = c.awaitCount(isResponse(200, "INVITE"), 3, WAIT);
      assertThat(oks).extracting(RawMessage::text).containsOnly(oks.get(0).text());
      c.send(inv.ack2xx(oks.get(0)));
      Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK handler not called");
      int mark = c.mark();
      assertThat(c.within(mark, isResponse(200, "INVITE"), Duration.ofMillis(T2 + 80))).hasSizeLessThanOrEqualTo(1);
      assertThat(stack.uas().count("INVITE")).isEqualTo(1);
    }
    stack.assertQuiescent(true);
  }

  @Test
  void successNeverAcknowledgedStopsAfter64T1AndTellsTheApplicationOnce() {
    try (RawSipClient c = client("UDP")) {
      c.send(invite(c));
      c.awaitCount(isResponse(200, "INVITE"), 2, WAIT);
      stack.assertQuiescent();
      assertThat(stack.uas().ackTimeouts()).hasSize(1);
      assertThat(stack.uas().acks()).isEmpty();
      int mark = c.mark();
      assertThat(c.within(mark, anyResponse(), Duration.ofMillis(2 * T2))).as("no 200 after Timer L").isEmpty();
      // RFC 3261 §13.3.1.4: sent at 0, T1, 3T1, 7T1, 15T1, then every T2 (16 T1) until 64*T1: 8 copies on time
      assertThat(c.count(isResponse(200, "INVITE"))).isBetween(5, 9);
    }
  }

  @Test
  void aSuccessBuiltByTheApplicationWithItsOwnToTagIsAcknowledged() {
    stack.uas().inviteMode(TestUas.InviteMode.RING_ONLY);
    try (RawSipClient c = client("UDP")) {
      RawRequest inv = invite(c);
      c.send(inv);
      c.awaitResponse(180, "INVITE", WAIT);
      stack.run(() -> {
        var tx = stack.uas().lastTransaction("INVITE");
        tx.respond(io.psip.sip.message.SipResponse.to(tx.request(), 200).toTag("apptag")
            .add("Contact", "<sip:uas@127.0.0.1:" + stack.udpPort() + ">").build());
      });
      RawMessage ok = c.awaitResponse(200, "INVITE", WAIT);
      assertThat(ok.toTag()).isEqualTo("apptag");
      c.send(inv.ack2xx(ok));
      Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "the ACK did not find its transaction");
      int mark = c.mark();
      assertThat(c.within(mark, isResponse(200, "INVITE"), Duration.ofMillis(T2 + 80))).hasSizeLessThanOrEqualTo(1);
      assertThat(stack.uas().strayAcks()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"UDP", "TCP"})
  void cancelBeforeTheFinalResponseGets200AndTheInvite487(String transport) {
    stack.uas().inviteMode(TestUas.InviteMode.RING_ONLY);
    try (RawSipClient c = client(transport)) {
      RawRequest inv = invite(c);
      c.send(inv);
      c.awaitResponse(180, "INVITE", WAIT);
      c.send(inv.cancel());
      RawMessage cancelOk = c.awaitResponse(200, "CANCEL", WAIT);
      RawMessage terminated = c.awaitResponse(487, "INVITE", WAIT);
      assertThat(cancelOk.topViaParam("branch")).isEqualTo(inv.branch());
      assertThat(terminated.toTag()).as("487 carries the same To tag as the 180")
          .isEqualTo(c.awaitResponse(180, "INVITE", WAIT).toTag());
      // RFC 3261 §9.2: the To tag of the 200 to the CANCEL SHOULD be that of the response to the INVITE
      assertThat(cancelOk.toTag()).isEqualTo(terminated.toTag());
      Waits.until(() -> stack.uas().cancels().size() == 1, WAIT, "cancel handler not called");
      c.send(inv.ackFor(terminated));
      // the application's late answer is ignored: the INVITE is already finished
      stack.run(() -> stack.uas().lastTransaction("INVITE").respond(200, null));
      int mark = c.mark();
      assertThat(c.within(mark, isResponse(200, "INVITE"), Duration.ofMillis(100))).isEmpty();
      assertThat(stack.uas().summary()).as("CANCEL and ACK never reach the application").isEqualTo("[INVITE]");
      assertThat(stack.uas().strayAcks()).isEmpty();
      assertThat(stack.uas().cancels()).hasSize(1);
    }
    if (transport.equals("TCP")) stack.assertQuiescent(true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UDP", "TCP"})
  void cancelMatchingNoInviteIs481(String transport) {
    try (RawSipClient c = client(transport)) {
      RawRequest lone = invite(c).cancel();
      c.send(lone);
      RawMessage resp = c.awaitFinal("CANCEL", WAIT);
      assertThat(resp.status()).isEqualTo(481);
      assertThat(resp.warning()).startsWith("399 127.0.0.1 \"");
      assertThat(stack.uas().requests()).isEmpty();
      assertThat(stack.uas().cancels()).isEmpty();
    }
  }

  @Test
  void cancelAfterTheFinalResponseIsAnswered200AndChangesNothing() {
    try (RawSipClient c = client("UDP")) {
      RawRequest inv = invite(c);
      c.send(inv);
      RawMessage ok = c.awaitResponse(200, "INVITE", WAIT);
      c.send(inv.ack2xx(ok));
      c.send(inv.cancel());
      assertThat(c.awaitFinal("CANCEL", WAIT).status()).isEqualTo(200);
      assertThat(c.within(0, isResponse(487, "INVITE"), Duration.ofMillis(100))).isEmpty();
      assertThat(stack.uas().cancels()).isEmpty();
      c.send(inv.bye(ok));
      c.awaitResponse(200, "BYE", WAIT);
      assertThat(stack.uas().summary()).isEqualTo("[INVITE, BYE]");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"UDP", "TCP"})
  void retransmittedInviteWhileProceedingResendsTheLastProvisional(String transport) {
    stack.uas().inviteMode(TestUas.InviteMode.RING_ONLY);
    try (RawSipClient c = client(transport)) {
      RawRequest inv = invite(c);
      c.send(inv);
      RawMessage ringing = c.awaitResponse(180, "INVITE", WAIT);
      int mark = c.mark();
      c.send(inv);
      RawMessage again = c.await(mark, anyResponse(), WAIT).message();
      assertThat(again.status()).as("the last provisional, not the 100").isEqualTo(180);
      assertThat(again.text()).isEqualTo(ringing.text());
      assertThat(stack.uas().count("INVITE")).isEqualTo(1);
      assertThat(stack.stats().retransmissionsAbsorbed()).isPositive();
      // finish: the application answers, the UAC acknowledges
      stack.run(() -> stack.uas().lastTransaction("INVITE").respond(200, null));
      RawMessage ok = c.awaitResponse(200, "INVITE", WAIT);
      c.send(inv.ack2xx(ok));
      Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK handler not called");
      assertThat(stack.uas().count("INVITE")).isEqualTo(1);
    }
  }

  @Test
  void retransmittedNonInviteIsAbsorbedSilentlyWhileTryingAndAnsweredOnceCompleted() {
    stack.uas().hold(r -> r.isMethod("INFO"));
    try (RawSipClient c = client("UDP")) {
      RawRequest info = request(c, "INFO");
      c.send(info);
      stack.uas().awaitCount("INFO", 1, WAIT);
      long absorbedBefore = stack.stats().retransmissionsAbsorbed();
      c.send(info);
      c.send(info);
      Waits.until(() -> stack.stats().retransmissionsAbsorbed() >= absorbedBefore + 2, WAIT, "retransmissions not seen");
      assertThat(c.within(0, anyResponse(), Duration.ofMillis(50))).as("Trying: no response to a retransmission").isEmpty();
      stack.run(() -> {
        var tx = stack.uas().lastTransaction("INFO");
        tx.respond(tx.createResponse(200).build());
      });
      c.awaitResponse(200, "INFO", WAIT);
      c.send(info);
      // Completed: the retransmission gets the final response again
      List<RawMessage> oks = c.awaitCount(isResponse(200, "INFO"), 2, WAIT);
      assertThat(oks.get(1).text()).isEqualTo(oks.get(0).text());
      assertThat(stack.uas().count("INFO")).isEqualTo(1);
    }
  }

  @Test
  void provisionalResponsesFromTheApplicationAreSentAndNonInviteFinalEndsTheTransactionOverTcp() {
    stack.uas().hold(r -> r.isMethod("BYE"));
    try (RawSipClient c = client("TCP")) {
      RawRequest bye = request(c, "BYE");
      c.send(bye);
      stack.uas().awaitCount("BYE", 1, WAIT);
      stack.run(() -> {
        var tx = stack.uas().lastTransaction("BYE");
        tx.respond(tx.createResponse(180).build()); // odd for BYE, but a provisional all the same
        tx.respond(tx.createResponse(200).build());
        tx.respond(tx.createResponse(500).build()); // a second final response is ignored
      });
      c.awaitResponse(200, "BYE", WAIT);
      assertThat(c.within(0, anyResponse(), Duration.ofMillis(100))).extracting(RawMessage::status).containsExactly(180, 200);
      Waits.until(() -> stack.stats().serverTransactions() == 0, WAIT, "TCP non-INVITE transaction should end at once");
    }
    stack.assertQuiescent(true);
  }

  @Test
  void theSameRequestArrivingByASecondBranchIsAnsweredLoopDetected() {
    stack.uas().inviteMode(TestUas.InviteMode.BUSY);
    try (RawSipClient c = client("UDP")) {
      // RFC 3261 §8.2.2.2: same From tag, Call-ID and CSeq, no To tag, another branch: a merged request
      RawRequest first = invite(c);
      RawRequest second = invite(c).callId(first.callId()).fromTag(first.fromTag()).cseq(first.cseq());
      c.send(first);
      c.awaitCount(isResponse(486, "INVITE"), 1, WAIT);
      c.send(second);
      RawMessage loop = c.awaitCount(isResponse(482, "INVITE"), 1, WAIT).get(0);
      assertThat(loop.warning()).contains("merged request");
      assertThat(stack.uas().count("INVITE")).as("the application saw the request once").isEqualTo(1);
      c.send(first.ackFor(c.awaitCount(isResponse(486, "INVITE"), 1, WAIT).get(0)));
      c.send(second.ackFor(loop));
    }
  }
}
