package io.psip.sip.interop;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.message.Uri;
import io.psip.sip.testing.JainSipPeer;
import io.psip.sip.testing.LossyUdpRelay;
import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.RawRequest;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.Waits;
import io.psip.sip.transaction.ClientTransaction;
import io.psip.sip.transaction.TimerSettings;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.psip.sip.testing.LossyUdpRelay.Direction.TO_CLIENT;
import static io.psip.sip.testing.LossyUdpRelay.Direction.TO_SERVER;
import static io.psip.sip.testing.LossyUdpRelay.request;
import static io.psip.sip.testing.LossyUdpRelay.response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * psip as UAC ({@code SipStack.sendRequest}) towards a JAIN-SIP reference-implementation UAS: INVITE, 180/200, the
 * ACK sent by the test with {@code sendStateless}, BYE in a new client transaction. JAIN-SIP's UAS retransmits its
 * 200 until the ACK and answers a retransmitted BYE with its 200 again: psip delivers each 2xx to INVITE (RFC 6026
 * §8.4) and absorbs the repeated 200 to BYE. An OPTIONS the UAS never answers times out with one 408.
 */
class JainSipUasInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static StackFixture stack;
  private JainSipPeer uas;

  @BeforeAll
  static void start() {
    stack = StackFixture.start(StackFixture.options(new TimerSettings(20, 320, 200)));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @BeforeEach
  void startPeer() {
    uas = JainSipPeer.start("uas").onRequest(this::answer);
  }

  @AfterEach
  void leakCheck() {
    uas.close();
    stack.afterEach();
  }

  /** The JAIN-SIP UAS: INVITE → 180, 200 with SDP; BYE → 200; OPTIONS ignored. */
  private void answer(RequestEvent e) {
    try {
      Request req = e.getRequest();
      switch (req.getMethod()) {
        case Request.INVITE -> {
          ServerTransaction st = uas.provider.getNewServerTransaction(req);
          Response ringing = uas.messages.createResponse(180, req);
          ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag("jainuas");
          ringing.addHeader(contact(req));
          st.sendResponse(ringing);
          Response ok = uas.messages.createResponse(200, req);
          ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag("jainuas");
          ok.addHeader(contact(req));
          ok.setContent("v=0\r\no=jain 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n",
              uas.headers.createContentTypeHeader("application", "sdp"));
          st.sendResponse(ok);
        }
        case Request.BYE -> {
          ServerTransaction st = e.getServerTransaction() != null ? e.getServerTransaction()
              : uas.provider.getNewServerTransaction(req);
          st.sendResponse(uas.messages.createResponse(200, req));
        }
        default -> { } // OPTIONS and ACK: recorded, never answered
      }
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  private ContactHeader contact(Request req) throws Exception {
    String transport = req.getRequestURI().toString().contains("transport=tcp") ? ";transport=tcp" : "";
    return uas.headers.createContactHeader(uas.addresses.createAddress("sip:uas@127.0.0.1:" + uas.port + transport));
  }

  private static String transportParam(Transport t) { return t == Transport.TCP ? ";transport=tcp" : ""; }

  /** See ClientTransactionWireTest#newRequest for why the application has to supply a Via here. */
  private SipRequest psipRequest(String method, String requestUri, String to, String callId, String fromTag, long cseq, Transport t)
      throws Exception {
    int port = t == Transport.TCP ? stack.tcpPort() : stack.udpPort();
    var b = SipRequest.builder(method, Uri.parse(requestUri))
        .add("Via", "SIP/2.0/" + t + " 127.0.0.1:" + port + ";branch=" + RawRequest.newBranch() + ";rport")
        .add("Max-Forwards", 70)
        .add("From", "<sip:psip@127.0.0.1>;tag=" + fromTag)
        .add("To", to)
        .add("Call-ID", callId)
        .add("CSeq", cseq + " " + method)
        .add("Contact", "<sip:psip@127.0.0.1:" + port + transportParam(t) + ">");
    if (method.equals("INVITE")) {
      b.body("v=0\r\no=psip 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 8000 RTP/AVP 0\r\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII), "application/sdp");
    }
    return b.build();
  }

  private ClientTransaction send(SipRequest r, TransportAddress dest, List<SipResponse> got) {
    return stack.call(() -> stack.stack().sendRequest(r, dest).responseHandler(got::add));
  }

  private static List<Integer> statuses(List<SipResponse> l) { return l.stream().map(SipResponse::status).toList(); }

  /**
   * Over UDP the call runs through the lossy relay (as a tap, and to hold back JAIN-SIP's first 200 to the BYE until
   * psip has retransmitted the BYE, so that JAIN-SIP's server transaction sends its 200 again and two copies reach
   * psip).
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void psipPlacesACallToJainSip(Transport t) throws Exception {
    LossyUdpRelay relay = t == Transport.UDP ? new LossyUdpRelay(uas.port) : null;
    try {
      int destPort = relay != null ? relay.port() : uas.port;
      TransportAddress dest = new TransportAddress(t, "127.0.0.1", destPort);
      LossyUdpRelay.Rule heldByeOk = relay == null ? null
          : relay.hold(TO_CLIENT, response(200, "BYE"), 1, () -> relay.count(TO_SERVER, request("BYE")) >= 2);

      String callId = RawRequest.token() + "@psip.test";
      String fromTag = RawRequest.token();
      String target = "sip:uas@127.0.0.1:" + uas.port + transportParam(t);
      List<SipResponse> inviteResponses = new CopyOnWriteArrayList<>();
      send(psipRequest("INVITE", target, "<sip:uas@127.0.0.1>", callId, fromTag, 1, t), dest, inviteResponses);
      Waits.until(() -> inviteResponses.stream().anyMatch(SipResponse::isSuccess), WAIT, () -> "no 200: " + statuses(inviteResponses));
      SipResponse ok = inviteResponses.stream().filter(SipResponse::isSuccess).findFirst().orElseThrow();
      assertThat(statuses(inviteResponses)).startsWith(180, 200);
      assertThat(ok.to().tag()).isEqualTo("jainuas");
      assertThat(ok.contacts()).hasSize(1);

      if (t == Transport.UDP) {
        // JAIN-SIP's UAS retransmits its 200 until the ACK (T1 = 500 ms): each copy reaches the TU (RFC 6026 §8.4)
        Waits.until(() -> statuses(inviteResponses).stream().filter(s -> s == 200).count() >= 2, WAIT,
            () -> "no retransmitted 200: " + statuses(inviteResponses));
      }
      String remoteTarget = ok.contacts().get(0).uri().toString();
      String to = ok.header("To");
      SipRequest ack = psipRequest("ACK", remoteTarget, to, callId, fromTag, 1, t);
      stack.call(() -> stack.stack().sendStateless(ack, dest));
      RequestEvent ackEvent = uas.awaitRequest("ACK", WAIT);
      assertThat(ackEvent.getDialog()).as("JAIN-SIP matched the ACK to its dialog").isNotNull();
      RawSipClient.sleep(Duration.ofMillis(100));
      int okCount = (int) statuses(inviteResponses).stream().filter(s -> s == 200).count();

      List<SipResponse> byeResponses = new CopyOnWriteArrayList<>();
      send(psipRequest("BYE", remoteTarget, to, callId, fromTag, 2, t), dest, byeResponses);
      Waits.until(() -> !byeResponses.isEmpty(), WAIT, "no response to BYE");
      assertThat(uas.awaitRequest("BYE", WAIT).getDialog()).isNotNull();
      if (relay != null) {
        // the held 200 and JAIN-SIP's retransmission of it both reached psip; the Completed transaction absorbed one
        Waits.until(() -> relay.forwarded(TO_CLIENT, response(200, "BYE")) >= 2, WAIT, relay::trace);
        assertThat(heldByeOk.dropped()).isEqualTo(1);
        RawSipClient.sleep(Duration.ofMillis(150));
      }
      assertThat(statuses(byeResponses)).containsExactly(200);
      assertThat(statuses(inviteResponses).stream().filter(s -> s == 200).count()).as("no 200 after the ACK")
          .isEqualTo(okCount);
      // JAIN-SIP may hand psip's first INVITE retransmission (T1 = 20 ms) to its listener before the server
      // transaction exists; any such copy is the same transaction (same branch)
      assertThat(uas.requests("INVITE")).extracting(e -> ((javax.sip.header.ViaHeader) e.getRequest().getHeader("Via")).getBranch())
          .containsOnly(((javax.sip.header.ViaHeader) uas.requests("INVITE").get(0).getRequest().getHeader("Via")).getBranch());
      assertThat(uas.timeouts).isEmpty();
    } finally {
      if (relay != null) relay.close();
    }
  }

  @Test
  void anOptionsJainSipNeverAnswersTimesOutWithOne408() throws Exception {
    List<SipResponse> got = new CopyOnWriteArrayList<>();
    send(psipRequest("OPTIONS", "sip:uas@127.0.0.1:" + uas.port, "<sip:uas@127.0.0.1>", RawRequest.token() + "@psip.test",
        RawRequest.token(), 1, Transport.UDP), new TransportAddress(Transport.UDP, "127.0.0.1", uas.port), got);
    Waits.until(() -> !got.isEmpty(), stack.timeout().plusSeconds(2), "no 408");
    RawSipClient.sleep(Duration.ofMillis(150));
    assertThat(statuses(got)).containsExactly(408);
    // JAIN-SIP hands each copy to a listener that created no server transaction: psip's Timer E retransmissions
    assertThat(uas.requests("OPTIONS")).hasSizeGreaterThanOrEqualTo(6)
        .extracting(e -> e.getRequest().getHeader("Via").toString()).containsOnly(uas.requests("OPTIONS").get(0)
            .getRequest().getHeader("Via").toString());
  }
}
