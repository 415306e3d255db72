package io.psip.sip.transaction;

import io.psip.sip.testing.LossyUdpRelay;
import io.psip.sip.testing.RawMessage;
import io.psip.sip.testing.RawRequest;
import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.psip.sip.testing.LossyUdpRelay.Direction.TO_CLIENT;
import static io.psip.sip.testing.LossyUdpRelay.Direction.TO_SERVER;
import static io.psip.sip.testing.LossyUdpRelay.request;
import static io.psip.sip.testing.LossyUdpRelay.response;
import static io.psip.sip.testing.LossyUdpRelay.responseTo;
import static io.psip.sip.testing.RawSipClient.anyResponse;
import static io.psip.sip.testing.RawSipClient.isResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loss on the path between a UAC and the stack (UDP, T1 = 20 ms), made by the {@link LossyUdpRelay}'s deterministic
 * drop rules. The UAC here is a raw socket playing RFC 3261 UAC: it retransmits a request the way Timers A/E would
 * when it hears nothing, and re-sends its ACK for every 2xx. (SIPp and JAIN-SIP go through the relay in the interop
 * tests.)
 */
class RetransmissionThroughRelayTest {
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static final long T1 = 20;
  private static final long T2 = 320;
  private static StackFixture stack;
  private LossyUdpRelay relay;
  private RawSipClient uac;

  @BeforeAll
  static void start() {
    stack = StackFixture.start(StackFixture.options(new TimerSettings(T1, T2, 200)));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @BeforeEach
  void wire() {
    relay = new LossyUdpRelay(stack.udpPort());
    uac = RawSipClient.udp().target(relay.port());
    stack.uas().contact(tx -> "<sip:uas@127.0.0.1:" + relay.port() + ">");
  }

  @AfterEach
  void leakCheck() {
    uac.close();
    relay.close();
    stack.afterEach();
  }

  private RawRequest invite() {
    return RawRequest.of("INVITE", "sip:svc@127.0.0.1:" + relay.port()).via("UDP", "127.0.0.1", uac.localPort())
        .body("application/sdp", RawRequest.sdp(4000));
  }

  /** Sends {@code r} and retransmits it every {@code interval} until a response matching {@code until} arrives. */
  private RawMessage sendUntil(RawRequest r, java.util.function.Predicate<RawMessage> until, Duration interval) {
    int mark = uac.mark();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      uac.send(r);
      List<RawMessage> got = uac.within(mark, until, interval);
      if (!got.isEmpty()) return got.get(0);
    }
    throw new AssertionError("no response to " + r.method() + relay.trace());
  }

  @Test
  void lostResponsesMakeTheUacRetransmitItsInviteWhichIsAbsorbedAndThe200IsRetransmittedUntilAck() {
    // every response to the INVITE is lost until the UAC has sent its INVITE twice
    relay.dropUntil(TO_CLIENT, responseTo("INVITE"), () -> relay.count(TO_SERVER, request("INVITE")) >= 2);
    RawRequest inv = invite();
    RawMessage ok = sendUntil(inv, isResponse(200, "INVITE"), Duration.ofMillis(150));
    assertThat(relay.count(TO_SERVER, request("INVITE"))).as(relay.trace()).isGreaterThanOrEqualTo(2);
    assertThat(stack.uas().count("INVITE")).as("the retransmitted INVITE was absorbed").isEqualTo(1);
    // the 2xx keeps coming (T1, 2T1, … capped at T2) while there is no ACK
    uac.awaitCount(isResponse(200, "INVITE"), 3, WAIT);
    uac.send(inv.ack2xx(ok));
    Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK handler not called");
    int mark = uac.mark();
    assertThat(uac.within(mark, isResponse(200, "INVITE"), Duration.ofMillis(T2 + 100)))
        .as("after the ACK at most one 200 already in flight").hasSizeLessThanOrEqualTo(1);
    assertThat(stack.uas().acks()).hasSize(1);
    assertThat(stack.stats().retransmissionsAbsorbed()).isPositive();
  }

  @Test
  void aLostAckMakesTheStackRetransmitIts200AndTheAckHandlerRunsOnce() {
    LossyUdpRelay.Rule lostAck = relay.drop(TO_SERVER, request("ACK"), 1);
    RawRequest inv = invite();
    uac.send(inv);
    RawMessage ok = uac.awaitResponse(200, "INVITE", WAIT);
    RawRequest ack = inv.ack2xx(ok);
    uac.send(ack); // lost
    // the UAC answers every 200 it gets with its ACK, as RFC 3261 §13.2.2.4 asks
    List<RawMessage> oks = uac.awaitCount(isResponse(200, "INVITE"), 2, WAIT);
    assertThat(oks.get(1).toTag()).isEqualTo(ok.toTag());
    uac.send(ack);
    Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK handler not called");
    uac.send(ack); // a duplicate that gets through: absorbed
    Waits.until(() -> relay.forwarded(TO_SERVER, request("ACK")) == 2, WAIT, relay::trace);
    RawSipClient.sleep(Duration.ofMillis(50));
    assertThat(lostAck.dropped()).isEqualTo(1);
    assertThat(stack.uas().acks()).as("ACK handler called once").hasSize(1);
    assertThat(stack.uas().strayAcks()).isEmpty();
    assertThat(stack.uas().count("INVITE")).isEqualTo(1);
  }

  @Test
  void aLost200ToByeMakesTheUacRetransmitTheByeWhichIsAbsorbed() {
    LossyUdpRelay.Rule lostOk = relay.drop(TO_CLIENT, response(200, "BYE"), 1);
    RawRequest inv = invite();
    uac.send(inv);
    RawMessage ok = uac.awaitResponse(200, "INVITE", WAIT);
    uac.send(inv.ack2xx(ok));
    Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK handler not called");
    RawRequest bye = inv.bye(ok);
    RawMessage byeOk = sendUntil(bye, isResponse(200, "BYE"), Duration.ofMillis(100));
    assertThat(byeOk.callId()).isEqualTo(inv.callId());
    assertThat(lostOk.dropped()).isEqualTo(1);
    assertThat(relay.count(TO_SERVER, request("BYE"))).as(relay.trace()).isGreaterThanOrEqualTo(2);
    assertThat(stack.uas().count("BYE")).as("the application saw one BYE").isEqualTo(1);
    assertThat(stack.uas().summary()).isEqualTo("[INVITE, BYE]");
  }

  @Test
  void aNonInviteRetransmittedWhileTheApplicationThinksIsAbsorbedSilently() {
    stack.uas().hold(r -> r.isMethod("INFO"));
    RawRequest info = RawRequest.of("INFO", "sip:svc@127.0.0.1:" + relay.port()).via("UDP", "127.0.0.1", uac.localPort());
    uac.send(info);
    stack.uas().awaitCount("INFO", 1, WAIT);
    // Timer E as a UAC would run it: T1, 2T1, 4T1
    for (long wait : new long[]{T1, 2 * T1, 4 * T1}) {
      RawSipClient.sleep(Duration.ofMillis(wait));
      uac.send(info);
    }
    Waits.until(() -> relay.forwarded(TO_SERVER, request("INFO")) == 4, WAIT, relay::trace);
    assertThat(uac.within(0, anyResponse(), Duration.ofMillis(100))).as("Trying: retransmissions get no response").isEmpty();
    assertThat(relay.count(TO_CLIENT, m -> true)).isZero();
    stack.run(() -> {
      var tx = stack.uas().lastTransaction("INFO");
      tx.respond(tx.createResponse(200).build());
    });
    uac.awaitResponse(200, "INFO", WAIT);
    assertThat(stack.uas().count("INFO")).isEqualTo(1);
  }
}
