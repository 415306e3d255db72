package io.psip.gateway.b2bua;

import io.psip.gateway.testing.Waits;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sip.ClientTransaction;
import javax.sip.message.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static io.psip.gateway.b2bua.B2buaLab.T1_MS;
import static io.psip.gateway.b2bua.B2buaLab.WAIT;
import static io.psip.gateway.b2bua.B2buaLab.connectPhone;
import static io.psip.gateway.b2bua.B2buaLab.connectSip;
import static io.psip.gateway.b2bua.B2buaLab.event;
import static io.psip.gateway.b2bua.B2buaLab.ncco;
import static io.psip.gateway.b2bua.B2buaLab.requestUri;
import static io.psip.gateway.b2bua.B2buaLab.statuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Far ends (and a node) that do not behave: no trunk for a phone number, a callee that never answers (Timer B), one
 * that retransmits its 2xx after the ACK, one that hangs up before the caller's ACK. Raw user agents play the parts
 * a real stack would not, so every message psip sends them is counted. The node has no {@code outbound.trunk}.
 */
class B2buaBadPeersTest {
  private static B2buaLab lab;
  private final List<AutoCloseable> peers = new ArrayList<>();

  @BeforeAll
  static void startNode() { lab = B2buaLab.start(B2buaBadPeersTest.class, Map.of()); }

  @AfterAll
  static void stopNode() throws Exception {
    if (lab != null) lab.close();
  }

  @AfterEach
  void nothingLeft() {
    try {
      lab.assertNothingLeft();
    } finally {
      for (AutoCloseable p : peers) {
        if (p instanceof Phone phone) phone.closeLater();
        else try {
          p.close();
        } catch (Exception ignored) {
          // a socket
        }
      }
    }
  }

  private <T extends AutoCloseable> T peer(T p) {
    peers.add(p);
    return p;
  }

  /** {@code condition} stays true for {@code window}: for messages that must not come. */
  private static void holds(java.util.function.BooleanSupplier condition, Duration window, Supplier<String> what) {
    long end = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < end) {
      if (!condition.getAsBoolean()) throw new AssertionError(what.get());
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** A raw caller's INVITE to the psip domain. */
  private void rawInvite(RawUa caller) {
    caller.send(caller.request("INVITE", requestUri("100"), UUID.randomUUID() + "@caller", null, 1, caller.sdp()),
        lab.sipPort());
  }

  /**
   * A call from a raw caller bridged to a raw far end that answers 200 at once, up to the caller having that 200
   * (not ACKed yet).
   *
   * @param atFar    the INVITE psip sent the far end
   * @param farOk    the far end's 200
   * @param atCaller the 200 relayed to the caller
   */
  private record RawCall(SipRequest atFar, SipResponse farOk, SipResponse atCaller) {}

  private RawCall rawCall(RawUa caller, RawUa far) {
    lab.answerWith(ncco(connectSip(far.uri("bob"), new JsonObject())));
    rawInvite(caller);
    SipRequest invite = far.awaitRequest("INVITE", 1, WAIT);
    SipResponse ok = far.respond(invite, 200, far.sdp());
    SipResponse relayed = caller.awaitResponse(200, "INVITE", WAIT);
    assertThat(new String(relayed.body(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(far.sdp());
    return new RawCall(invite, ok, relayed);
  }

  /** The far end's BYE in its dialog with psip (whose Contact and From tag the INVITE named). */
  private static void farBye(RawUa far, SipRequest invite) {
    String psip = invite.contacts().get(0).uri().toString();
    far.send(far.request("BYE", psip, invite.callId(), invite.from().tag(), 1, null), invite.topVia().port());
  }

  /** Both legs answered and completed, in the events and in the records. */
  private void assertAnsweredAndCompleted(String caller) {
    String conversation = lab.conversation(caller);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "answered", "completed");
    assertThat(statuses(events, "inbound")).containsExactly("started", "answered", "completed");
    assertThat(event(events, "inbound", "completed").getString("disconnected_by")).isEqualTo("user");
    lab.assertRecordsMatch(conversation, events);
  }

  /** An in-dialog request from the raw caller to psip, in the dialog {@code ok} set up. */
  private void rawInDialog(RawUa caller, String method, SipResponse ok, long cseq) {
    String target = ok.contacts().get(0).uri().toString();
    caller.send(caller.request(method, target, ok.callId(), ok.to().tag(), cseq, null), lab.sipPort());
  }

  @Test
  void phoneEndpointWithoutATrunkFailsWithCannotRoute() {
    Phone caller = peer(Phone.start("caller"));
    String from = B2buaLab.newCaller();
    lab.answerWith(ncco(connectPhone("447700900123")));
    ClientTransaction invite = caller.call(lab.sipPort(), requestUri("100"), from, caller.sdp("sendrecv"));
    assertThat(caller.awaitFinal(invite, WAIT).getStatusCode()).isEqualTo(503);

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("failed");
    JsonObject failed = event(events, "outbound", "failed");
    assertThat(failed.getString("detail")).isEqualTo("cannot_route");
    assertThat(failed.getString("to")).isEqualTo("447700900123");
    assertThat(statuses(events, "inbound")).containsExactly("started", "failed");
    assertThat(event(events, "inbound", "failed").getString("detail")).startsWith("cannot_route");
    lab.assertRecordsMatch(conversation, events);
  }

  @Test
  void farEndThatNeverAnswersGivesTheCaller408AfterTimerB() {
    Phone caller = peer(Phone.start("caller"));
    RawUa far = peer(RawUa.start("silent"));
    String from = B2buaLab.newCaller();
    lab.answerWith(ncco(connectSip(far.uri("bob"), new JsonObject())));
    ClientTransaction invite = caller.call(lab.sipPort(), requestUri("100"), from, caller.sdp("sendrecv"));
    far.awaitRequest("INVITE", 1, WAIT);
    long sent = System.nanoTime();
    assertThat(caller.awaitFinal(invite, Duration.ofMillis(64 * T1_MS + 3000)).getStatusCode()).isEqualTo(408);
    assertThat((System.nanoTime() - sent) / 1_000_000).as("ms to Timer B").isGreaterThan(64 * T1_MS * 9 / 10);
    assertThat(far.requests("INVITE").size()).as("retransmissions of the INVITE (Timer A)").isGreaterThanOrEqualTo(4);
    assertThat(far.requests("CANCEL")).as("nothing to cancel without a provisional response").isEmpty();

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "unanswered");
    assertThat(event(events, "outbound", "unanswered").getString("detail")).isEqualTo("timeout");
    assertThat(statuses(events, "inbound")).containsExactly("started", "unanswered");
    lab.assertRecordsMatch(conversation, events);
  }

  @Test
  void callerCancellingBeforeTheFarEndSaidAnythingIsAnswered487AndNothingLeaks() {
    Phone caller = peer(Phone.start("caller"));
    RawUa far = peer(RawUa.start("mute"));
    String from = B2buaLab.newCaller();
    lab.answerWith(ncco(connectSip(far.uri("bob"), new JsonObject())));
    ClientTransaction invite = caller.call(lab.sipPort(), requestUri("100"), from, caller.sdp("sendrecv"));
    far.awaitRequest("INVITE", 1, WAIT);
    caller.awaitResponse(invite, 100, WAIT);
    caller.awaitResponse(caller.cancel(invite), 200, WAIT);
    assertThat(caller.awaitFinal(invite, WAIT).getStatusCode()).isEqualTo(487);
    // RFC 3261 §9.1: no CANCEL before a provisional response; the INVITE is given up after 64*T1
    holds(() -> far.requests("CANCEL").isEmpty(), Duration.ofMillis(300),
        () -> "a CANCEL went out before any provisional response: " + far.summary());

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "cancelled");
    assertThat(statuses(events, "inbound")).containsExactly("started", "cancelled");
    lab.assertRecordsMatch(conversation, events);
  }

  @Test
  void byesCrossingFromBothSidesEachGetAFinalAnswer() {
    RawUa caller = peer(RawUa.start(B2buaLab.newCaller()));
    RawUa far = peer(RawUa.start("crossing"));
    RawCall call = rawCall(caller, far);
    rawInDialog(caller, "ACK", call.atCaller(), 1);
    far.awaitRequest("ACK", 1, WAIT);

    rawInDialog(caller, "BYE", call.atCaller(), 2);
    farBye(far, call.atFar());
    for (RawUa side : List.of(caller, far)) {
      Waits.until(() -> !side.responses(200, "BYE").isEmpty() || !side.responses(481, "BYE").isEmpty(), WAIT,
          () -> side.name + "'s BYE got no final answer: " + side.summary());
      for (SipRequest bye : side.requests("BYE")) side.respond(bye, 200, null);
    }
    assertAnsweredAndCompleted(caller.name);
  }

  @Test
  void retransmitted2xxAfterTheAckIsAcknowledgedAgainAndNotRelayed() {
    RawUa caller = peer(RawUa.start(B2buaLab.newCaller()));
    RawUa far = peer(RawUa.start("twice"));
    RawCall call = rawCall(caller, far);
    SipRequest invite = call.atFar();
    rawInDialog(caller, "ACK", call.atCaller(), 1);
    SipRequest firstAck = far.awaitRequest("ACK", 1, WAIT);

    int relayedBefore = caller.responses(200, "INVITE").size();
    far.send(call.farOk(), invite.topVia().port()); // the same 2xx again, as from a UAS that missed the ACK
    SipRequest secondAck = far.awaitRequest("ACK", 2, WAIT);
    assertThat(secondAck.cseq()).isEqualTo(firstAck.cseq());
    assertThat(secondAck.callId()).isEqualTo(invite.callId());
    holds(() -> caller.responses(200, "INVITE").size() == relayedBefore, Duration.ofMillis(300),
        () -> "the retransmitted 2xx must not reach the caller: " + caller.summary());

    rawInDialog(caller, "BYE", call.atCaller(), 2);
    far.respond(far.awaitRequest("BYE", 1, WAIT), 200, null);
    caller.awaitResponse(200, "BYE", WAIT);
    assertAnsweredAndCompleted(caller.name);
  }

  @Test
  void farEndHangingUpBeforeTheCallersAckIsByedOnlyAfterThatAck() {
    RawUa caller = peer(RawUa.start(B2buaLab.newCaller()));
    RawUa far = peer(RawUa.start("hasty"));
    RawCall call = rawCall(caller, far);
    SipRequest invite = call.atFar();
    farBye(far, invite); // RFC 3261 §15 forbids this BYE before the ACK; psip must cope with it anyway
    far.awaitResponse(200, "BYE", WAIT);
    SipRequest ack = far.awaitRequest("ACK", 1, WAIT); // RFC 3261 §13.2.2.4: its 2xx is acknowledged all the same
    assertThat(ack.cseq().number()).isEqualTo(invite.cseq().number());
    far.send(call.farOk(), invite.topVia().port()); // its retransmission after the call ended: ACKed again
    assertThat(far.awaitRequest("ACK", 2, WAIT).cseq()).isEqualTo(ack.cseq());
    holds(() -> caller.requests("BYE").isEmpty(), Duration.ofMillis(300),
        () -> "RFC 3261 §15: psip must not send the caller a BYE before the caller's ACK; caller got "
            + caller.summary() + ", far end got " + far.summary());

    rawInDialog(caller, "ACK", call.atCaller(), 1);
    SipRequest bye = caller.awaitRequest("BYE", 1, WAIT);
    caller.respond(bye, 200, null);
    assertThat(far.requests("BYE")).as("the far end hung up itself: no BYE for it, %s", far.summary()).isEmpty();
    assertAnsweredAndCompleted(caller.name);
  }

  @Test
  void callerThatNeverAcknowledgesIsHungUpAfterTimerH() {
    RawUa caller = peer(RawUa.start(B2buaLab.newCaller()));
    Phone callee = peer(Phone.start("callee"));
    callee.answers(Phone.Step.now(200).withSdp(callee.sdp("sendrecv")));
    lab.answerWith(ncco(connectSip(callee.uri("bob"), new JsonObject())));
    rawInvite(caller);
    caller.awaitResponse(200, "INVITE", WAIT);
    long answered = System.nanoTime();
    callee.awaitRequest(Request.BYE, 1, Duration.ofMillis(64 * T1_MS + 3000));
    assertThat((System.nanoTime() - answered) / 1_000_000).as("ms to Timer H").isGreaterThan(64 * T1_MS * 9 / 10);
    assertThat(caller.responses(200, "INVITE").size()).as("the 2xx retransmitted until Timer H")
        .isGreaterThanOrEqualTo(4);
    SipRequest bye = caller.awaitRequest("BYE", 1, WAIT);
    caller.respond(bye, 200, null);

    String conversation = lab.conversation(caller.name);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "inbound")).containsExactly("started", "answered", "completed");
    assertThat(event(events, "inbound", "completed").getString("disconnected_by")).isEqualTo("platform");
    lab.assertRecordsMatch(conversation, events);
  }
}
