package io.psip.sip.transaction;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.message.SipSyntaxException;
import io.psip.sip.message.Uri;
import io.psip.sip.testing.RawMessage;
import io.psip.sip.testing.RawRequest;
import io.psip.sip.testing.RawResponse;
import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.Waits;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client transactions (RFC 3261 §17.1) against raw peers that answer late, twice, or never: Timers A/B/E/F,
 * synthesised 408 and 503, absorbed retransmissions, the ACK for non-2xx finals, and CANCEL only after a provisional.
 */
class ClientTransactionWireTest {
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

  /**
   * A new out-of-dialog request as a UAC application builds it. {@code SipRequest.builder(...).build()} insists on a
   * Via, while {@code sendRequest} adds the stack's own Via on top, so the application has to invent one: it travels
   * as a second Via (reported as a bug; see {@code sendRequestPutsExactlyOneVia}).
   */
  static SipRequest newRequest(String method, int peerPort, Transport t) {
    try {
      return SipRequest.builder(method, Uri.parse("sip:peer@127.0.0.1:" + peerPort + (t == Transport.TCP ? ";transport=tcp" : "")))
          .add("Via", "SIP/2.0/" + t + " 127.0.0.1:9;branch=" + RawRequest.newBranch())
          .add("From", "<sip:psip@127.0.0.1>;tag=" + RawRequest.token())
          .add("To", "<sip:peer@127.0.0.1>")
          .add("Call-ID", RawRequest.token() + "@psip.test")
          .add("CSeq", "1 " + method)
          .add("Contact", "<sip:psip@127.0.0.1:" + stack.udpPort() + ">")
          .build();
    } catch (SipSyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** Sends through the stack on its context; every response the transaction hands up is collected. */
  private static io.psip.sip.transaction.ClientTransaction send(SipRequest req, TransportAddress to, List<SipResponse> got) {
    return stack.call(() -> stack.stack().sendRequest(req, to).responseHandler(got::add));
  }

  private static TransportAddress udp(RawSipClient peer) {
    return new TransportAddress(Transport.UDP, "127.0.0.1", peer.localPort());
  }

  private static Predicate<RawMessage> req(String method) {
    return m -> !m.isResponse() && m.method().equals(method);
  }

  /**
   * What {@code SipStack.sendRequest} promises: "the stack adds the top Via". A request built by the application has
   * no Via of its own, and the one on the wire is the stack's.
   */
  @Test
  void sendRequestPutsTheOnlyVia() throws Exception {
    try (RawSipClient peer = RawSipClient.udp()) {
      SipRequest noVia = SipRequest.builder("OPTIONS", Uri.parse("sip:peer@127.0.0.1:" + peer.localPort()))
          .add("From", "<sip:psip@127.0.0.1>;tag=" + RawRequest.token())
          .add("To", "<sip:peer@127.0.0.1>")
          .add("Call-ID", RawRequest.token() + "@psip.test")
          .add("CSeq", "1 OPTIONS")
          .build();
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      io.psip.sip.transaction.ClientTransaction tx = send(noVia, udp(peer), got);
      RawSipClient.Received r = peer.await(0, req("OPTIONS"), WAIT);
      assertThat(r.message().headers("Via")).hasSize(1);
      assertThat(tx.request().vias()).hasSize(1);
      peer.reply(r, RawResponse.to(r.message(), 200).toTag("v1").bytes());
      Waits.until(() -> got.size() == 1, WAIT, "no 200");
    }
  }

  @Test
  void timerFDeliversOne408WhenANonInviteGetsNoAnswer() {
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      long t0 = System.nanoTime();
      send(newRequest("OPTIONS", peer.localPort(), Transport.UDP), udp(peer), got);
      Waits.until(() -> !got.isEmpty(), stack.timeout().plusSeconds(2), "no 408");
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(got.get(0).status()).isEqualTo(408);
      assertThat(got.get(0).header("Warning")).startsWith("399 127.0.0.1 \"").contains("no response");
      assertThat(elapsedMs).as("Timer F is 64*T1").isGreaterThanOrEqualTo(64 * T1 - 20);
      // Timer E: T1, 2T1, 4T1 … capped at T2: 0, 20, 60, 140, 300, 620, 940, 1260 ms
      int sent = peer.count(req("OPTIONS"));
      assertThat(sent).as("8 when every timer is on time, fewer only if the machine stalls").isBetween(4, 8);
      assertThat(peer.within(0, req("OPTIONS"), Duration.ofMillis(T2 + 50))).hasSize(sent);
      assertThat(got).hasSize(1);
      // all copies are the same request, with the stack's Via (branch, rport) on top
      List<RawMessage> copies = peer.matching(0, req("OPTIONS"));
      assertThat(copies).extracting(RawMessage::text).containsOnly(copies.get(0).text());
      assertThat(copies.get(0).topViaParam("rport")).isEqualTo("");
      assertThat(copies.get(0).topViaParam("branch")).startsWith("z9hG4bK");
    }
  }

  @Test
  void timerBDeliversOne408WhenAnInviteGetsNoAnswer() {
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      send(newRequest("INVITE", peer.localPort(), Transport.UDP), udp(peer), got);
      Waits.until(() -> !got.isEmpty(), stack.timeout().plusSeconds(2), "no 408");
      assertThat(got).extracting(SipResponse::status).containsExactly(408);
      // Timer A doubles without a cap: 0, 20, 60, 140, 300, 620, 1260 ms
      int sent = peer.count(req("INVITE"));
      assertThat(sent).as("7 when every timer is on time").isBetween(4, 7);
      assertThat(peer.within(0, req("INVITE"), Duration.ofMillis(T2))).hasSize(sent);
      assertThat(peer.count(req("ACK"))).as("no ACK for a synthesised 408").isZero();
      assertThat(got).hasSize(1);
    }
  }

  /**
   * RFC 3261 §17.1.1.2 (Figure 5): Timer B only matters in Calling. Once a provisional response arrived the call may
   * ring for longer than 64*T1 (phones ring 30-60 s; 64*T1 is 32 s by default); the final response that comes then
   * is delivered, not a synthesised 408.
   */
  @Test
  void anInviteThatRingsLongerThan64T1IsNotTimedOut() {
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      send(newRequest("INVITE", peer.localPort(), Transport.UDP), udp(peer), got);
      RawSipClient.Received inv = peer.await(0, req("INVITE"), WAIT);
      peer.reply(inv, RawResponse.to(inv.message(), 180).toTag("slow").bytes());
      Waits.until(() -> got.size() == 1, WAIT, "180 not delivered");
      RawSipClient.sleep(stack.timeout().plusMillis(300));
      assertThat(got).as("still ringing after 64*T1").extracting(SipResponse::status).containsExactly(180);
      peer.reply(inv, RawResponse.to(inv.message(), 200).toTag("slow").header("Contact", "<sip:peer@127.0.0.1>").bytes());
      Waits.until(() -> got.size() == 2, WAIT, "200 not delivered");
      assertThat(got).extracting(SipResponse::status).containsExactly(180, 200);
    }
  }

  /**
   * RFC 3261 §9.1: after a CANCEL, a UAS that never sends the final response to the INVITE leaves the client
   * transaction to be destroyed 64*T1 later; the TU gets its one final response (408).
   */
  @Test
  void aCancelledInviteThatNeverGetsAFinalResponseEndsAfter64T1() {
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      io.psip.sip.transaction.ClientTransaction tx = send(newRequest("INVITE", peer.localPort(), Transport.UDP), udp(peer), got);
      RawSipClient.Received inv = peer.await(0, req("INVITE"), WAIT);
      peer.reply(inv, RawResponse.to(inv.message(), 180).toTag("c1").bytes());
      Waits.until(() -> got.size() == 1, WAIT, "180 not delivered");
      RawSipClient.sleep(Duration.ofMillis(64 * T1 / 2)); // cancelled late in what used to be Timer B's span
      long cancelledAt = System.nanoTime();
      stack.run(tx::cancel);
      RawSipClient.Received cancel = peer.await(0, req("CANCEL"), WAIT);
      peer.reply(cancel, RawResponse.to(cancel.message(), 200).toTag("c1").bytes());
      // no 487 ever comes
      Waits.until(() -> got.size() == 2, stack.timeout().plusSeconds(2), "no final response after the CANCEL");
      long afterCancelMs = (System.nanoTime() - cancelledAt) / 1_000_000;
      assertThat(got).extracting(SipResponse::status).containsExactly(180, 408);
      assertThat(afterCancelMs).as("64*T1 after the CANCEL").isGreaterThanOrEqualTo(64 * T1 - 20);
      assertThat(tx.isTerminated()).isTrue();
    }
  }

  @Test
  void inviteOverTcpIsSentOnceAndTimesOutWith408() throws Exception {
    try (ServerSocket server = RawSipClient.tcpServer()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      send(newRequest("INVITE", server.getLocalPort(), Transport.TCP),
          new TransportAddress(Transport.TCP, "127.0.0.1", server.getLocalPort()), got);
      try (RawSipClient peer = RawSipClient.accept(server, WAIT)) {
        peer.awaitCount(req("INVITE"), 1, WAIT);
        Waits.until(() -> !got.isEmpty(), stack.timeout().plusSeconds(2), "no 408");
        assertThat(got).extracting(SipResponse::status).containsExactly(408);
        assertThat(peer.count(req("INVITE"))).as("no retransmission over TCP").isEqualTo(1);
      }
    }
  }

  @Test
  void transportErrorDeliversOne503() throws Exception {
    int closedPort;
    try (ServerSocket s = RawSipClient.tcpServer()) {
      closedPort = s.getLocalPort();
    }
    List<SipResponse> got = new CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    send(newRequest("OPTIONS", closedPort, Transport.TCP), new TransportAddress(Transport.TCP, "127.0.0.1", closedPort), got);
    Waits.until(() -> !got.isEmpty(), WAIT, "no 503");
    assertThat((System.nanoTime() - t0) / 1_000_000).as("at once, not after Timer F").isLessThan(64 * T1);
    RawSipClient.sleep(Duration.ofMillis(100));
    assertThat(got).extracting(SipResponse::status).containsExactly(503);
    assertThat(got.get(0).header("Warning")).contains("cannot reach");
  }

  @Test
  void inviteTransportErrorDeliversOne503() throws Exception {
    int closedPort;
    try (ServerSocket s = RawSipClient.tcpServer()) {
      closedPort = s.getLocalPort();
    }
    List<SipResponse> got = new CopyOnWriteArrayList<>();
    send(newRequest("INVITE", closedPort, Transport.TCP), new TransportAddress(Transport.TCP, "127.0.0.1", closedPort), got);
    Waits.until(() -> !got.isEmpty(), WAIT, "no 503");
    RawSipClient.sleep(Duration.ofMillis(100));
    assertThat(got).extracting(SipResponse::status).containsExactly(503);
  }

  @Test
  void retransmittedNonInviteFinalResponseIsAbsorbed() {
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      send(newRequest("OPTIONS", peer.localPort(), Transport.UDP), udp(peer), got);
      RawSipClient.Received options = peer.await(0, req("OPTIONS"), WAIT);
      byte[] trying = RawResponse.to(options.message(), 100).bytes();
      byte[] ok = RawResponse.to(options.message(), 200).toTag("peer1").bytes();
      long before = stack.stats().receivedMessages();
      peer.reply(options, trying);
      peer.reply(options, ok);
      peer.reply(options, ok);
      peer.reply(options, ok);
      Waits.until(() -> stack.stats().receivedMessages() >= before + 4, WAIT, "the stack did not receive all four responses");
      assertThat(got).extracting(SipResponse::status).containsExactly(100, 200);
    }
  }

  @Test
  void inviteNonSuccessFinalIsAcknowledgedByTheTransactionAndItsRetransmissionsAbsorbed() {
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      SipRequest invite = newRequest("INVITE", peer.localPort(), Transport.UDP);
      send(invite, udp(peer), got);
      RawSipClient.Received inv = peer.await(0, req("INVITE"), WAIT);
      byte[] busy = RawResponse.to(inv.message(), 486).toTag("busy1").bytes();
      peer.reply(inv, RawResponse.to(inv.message(), 180).toTag("busy1").bytes());
      peer.reply(inv, busy);
      RawMessage ack = peer.await(0, req("ACK"), WAIT).message();
      // RFC 3261 §17.1.1.3: same branch and Request-URI, To with the response's tag, CSeq method ACK
      assertThat(ack.topViaParam("branch")).isEqualTo(inv.message().topViaParam("branch"));
      assertThat(ack.startLine()).isEqualTo(inv.message().startLine().replace("INVITE", "ACK"));
      assertThat(ack.toTag()).isEqualTo("busy1");
      assertThat(ack.header("CSeq")).isEqualTo("1 ACK");
      assertThat(ack.callId()).isEqualTo(inv.message().callId());
      peer.reply(inv, busy); // retransmitted 486: the ACK is sent again, the TU is not told twice
      peer.awaitCount(req("ACK"), 2, WAIT);
      assertThat(got).extracting(SipResponse::status).containsExactly(180, 486);
    }
  }

  @Test
  void inviteSuccessAndItsRetransmissionsGoToTheApplicationWhichAcknowledgesThem() {
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      send(newRequest("INVITE", peer.localPort(), Transport.UDP), udp(peer), got);
      RawSipClient.Received inv = peer.await(0, req("INVITE"), WAIT);
      byte[] ok = RawResponse.to(inv.message(), 200).toTag("ok1").header("Contact", "<sip:peer@127.0.0.1:" + peer.localPort() + ">")
          .body("application/sdp", RawRequest.sdp(5000)).bytes();
      peer.reply(inv, ok);
      Waits.until(() -> got.size() == 1, WAIT, "200 not delivered");
      peer.reply(inv, ok);
      // RFC 6026 §8.4 / RFC 3261 §13.2.2.4: each 2xx retransmission goes to the TU, which re-sends its ACK
      Waits.until(() -> got.size() == 2, WAIT, "retransmitted 200 not delivered");
      assertThat(got).extracting(SipResponse::status).containsExactly(200, 200);
      assertThat(peer.count(req("ACK"))).as("the transaction never ACKs a 2xx itself").isZero();
      assertThat(peer.within(0, req("INVITE"), Duration.ofMillis(4 * T1))).as("no INVITE retransmission after a response")
          .hasSize(1);
    }
  }

  /** RFC 3261 §13.2.2.4: a 2xx retransmitted after the transaction has gone is the TU's (the stray handler's). */
  @Test
  void a2xxAfterTheTransactionEndedGoesToTheStrayResponseHandler() {
    List<io.psip.sip.transport.InboundMessage> strays = new CopyOnWriteArrayList<>();
    stack.run(() -> stack.stack().strayResponseHandler(strays::add));
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      send(newRequest("INVITE", peer.localPort(), Transport.UDP), udp(peer), got);
      RawSipClient.Received inv = peer.await(0, req("INVITE"), WAIT);
      byte[] ok = RawResponse.to(inv.message(), 200).toTag("late").header("Contact", "<sip:peer@127.0.0.1>").bytes();
      peer.reply(inv, ok);
      Waits.until(() -> got.size() == 1, WAIT, "200 not delivered");
      stack.assertQuiescent(); // Timer M ended the transaction
      peer.reply(inv, ok);
      Waits.until(() -> strays.size() == 1, WAIT, "the late 200 did not reach the stray handler");
      assertThat(strays.get(0).message()).isInstanceOf(SipResponse.class);
      assertThat(((SipResponse) strays.get(0).message()).status()).isEqualTo(200);
      assertThat(strays.get(0).source().port()).isEqualTo(peer.localPort());
      assertThat(got).hasSize(1);
    } finally {
      stack.run(() -> stack.stack().strayResponseHandler(null));
    }
  }

  @Test
  void cancelWaitsForAProvisionalResponseThenSendsCancelWithTheInviteBranch() {
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      io.psip.sip.transaction.ClientTransaction tx = send(newRequest("INVITE", peer.localPort(), Transport.UDP), udp(peer), got);
      stack.run(tx::cancel);
      RawSipClient.Received inv = peer.await(0, req("INVITE"), WAIT);
      // RFC 3261 §9.1: no CANCEL before a provisional response
      assertThat(peer.within(0, req("CANCEL"), Duration.ofMillis(100))).isEmpty();
      peer.reply(inv, RawResponse.to(inv.message(), 180).toTag("r1").bytes());
      RawSipClient.Received cancel = peer.await(0, req("CANCEL"), WAIT);
      RawMessage c = cancel.message();
      assertThat(c.topViaParam("branch")).isEqualTo(inv.message().topViaParam("branch"));
      assertThat(c.startLine()).isEqualTo(inv.message().startLine().replace("INVITE", "CANCEL"));
      assertThat(c.header("CSeq")).isEqualTo("1 CANCEL");
      assertThat(c.callId()).isEqualTo(inv.message().callId());
      assertThat(c.header("From")).isEqualTo(inv.message().header("From"));
      assertThat(c.header("To")).isEqualTo(inv.message().header("To"));
      peer.reply(cancel, RawResponse.to(c, 200).toTag("r1").bytes());
      peer.reply(inv, RawResponse.to(inv.message(), 487).toTag("r1").bytes());
      peer.await(0, req("ACK"), WAIT);
      Waits.until(() -> got.size() == 2, WAIT, "487 not delivered");
      assertThat(got).extracting(SipResponse::status).containsExactly(180, 487);
      assertThat(peer.count(req("CANCEL"))).isEqualTo(1);
    }
  }

  @Test
  void cancelAfterAProvisionalIsSentAtOnceAndAfterAFinalNotAtAll() {
    try (RawSipClient peer = RawSipClient.udp()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      io.psip.sip.transaction.ClientTransaction tx = send(newRequest("INVITE", peer.localPort(), Transport.UDP), udp(peer), got);
      RawSipClient.Received inv = peer.await(0, req("INVITE"), WAIT);
      peer.reply(inv, RawResponse.to(inv.message(), 183).toTag("r2").bytes());
      Waits.until(() -> got.size() == 1, WAIT, "183 not delivered");
      stack.run(tx::cancel);
      stack.run(tx::cancel); // a second call does nothing
      RawSipClient.Received cancel = peer.await(0, req("CANCEL"), WAIT);
      peer.reply(cancel, RawResponse.to(cancel.message(), 200).toTag("r2").bytes());
      // the UAS answered 200 before it saw the CANCEL: the call goes ahead, nothing more to cancel
      peer.reply(inv, RawResponse.to(inv.message(), 200).toTag("r2").header("Contact", "<sip:peer@127.0.0.1>").bytes());
      Waits.until(() -> got.size() == 2, WAIT, "200 not delivered");
      stack.run(tx::cancel);
      assertThat(peer.within(0, req("CANCEL"), Duration.ofMillis(100))).hasSize(1);
      assertThat(got).extracting(SipResponse::status).containsExactly(183, 200);
    }
  }

  @Test
  void inviteOverTcpGetsItsResponsesOnTheSameConnection() throws Exception {
    try (ServerSocket server = RawSipClient.tcpServer()) {
      List<SipResponse> got = new CopyOnWriteArrayList<>();
      send(newRequest("INVITE", server.getLocalPort(), Transport.TCP),
          new TransportAddress(Transport.TCP, "127.0.0.1", server.getLocalPort()), got);
      try (RawSipClient peer = RawSipClient.accept(server, WAIT)) {
        RawSipClient.Received inv = peer.await(0, req("INVITE"), WAIT);
        assertThat(inv.message().topVia()).startsWith("SIP/2.0/TCP 127.0.0.1:" + stack.tcpPort() + ";");
        peer.reply(inv, RawResponse.to(inv.message(), 180).toTag("t1").bytes());
        peer.reply(inv, RawResponse.to(inv.message(), 486).toTag("t1").bytes());
        RawMessage ack = peer.await(0, req("ACK"), WAIT).message();
        assertThat(ack.toTag()).isEqualTo("t1");
        Waits.until(() -> got.size() == 2, WAIT, "responses not delivered");
        assertThat(got).extracting(SipResponse::status).containsExactly(180, 486);
        // Timer D is 0 over TCP
        Waits.until(() -> stack.stats().clientTransactions() == 0, WAIT, "TCP INVITE transaction should end at once");
      }
    }
  }
}
