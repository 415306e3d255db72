package io.psip.sip.interop;

import io.psip.sip.testing.JainSipPeer;
import io.psip.sip.testing.LossyUdpRelay;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.TestUas;
import io.psip.sip.testing.Waits;
import io.psip.sip.transaction.TimerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.psip.sip.testing.LossyUdpRelay.Direction.TO_CLIENT;
import static io.psip.sip.testing.LossyUdpRelay.Direction.TO_SERVER;
import static io.psip.sip.testing.LossyUdpRelay.request;
import static io.psip.sip.testing.LossyUdpRelay.responseTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JAIN-SIP reference implementation as UAC against the stack and its {@link TestUas}: OPTIONS and a whole call
 * (INVITE, 180, 200, ACK, BYE) over UDP and TCP, using JAIN-SIP's own client transactions and dialogs, and a call
 * through the lossy relay that forces JAIN-SIP to retransmit its INVITE.
 */
class JainSipUacInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static StackFixture stack;
  private JainSipPeer uac;

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
    uac = JainSipPeer.start("uac");
  }

  @AfterEach
  void leakCheck() {
    uac.close();
    stack.afterEach();
  }

  private Request newRequest(String method, String transport, int port) throws Exception {
    SipURI uri = uac.addresses.createSipURI("svc", "127.0.0.1");
    uri.setPort(port);
    if (transport.equals("tcp")) uri.setTransportParam("tcp");
    ViaHeader via = uac.headers.createViaHeader("127.0.0.1", uac.port, transport, null);
    via.setRPort();
    Request r = uac.messages.createRequest(uri, method, uac.provider.getNewCallId(),
        uac.headers.createCSeqHeader(1L, method),
        uac.headers.createFromHeader(uac.addresses.createAddress("sip:jain@127.0.0.1"), "jain" + System.nanoTime()),
        uac.headers.createToHeader(uac.addresses.createAddress("sip:svc@127.0.0.1"), null),
        List.of(via), uac.headers.createMaxForwardsHeader(70));
    r.addHeader(uac.headers.createContactHeader(uac.addresses.createAddress(
        "sip:jain@127.0.0.1:" + uac.port + ";transport=" + transport)));
    if (method.equals("INVITE")) {
      r.setContent("v=0\r\no=jain 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n",
          uac.headers.createContentTypeHeader("application", "sdp"));
    }
    return r;
  }

  private static int port(String transport) { return transport.equals("tcp") ? stack.tcpPort() : stack.udpPort(); }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void optionsIsAnsweredByTheStack(String transport) throws Exception {
    ClientTransaction ct = uac.provider.getNewClientTransaction(newRequest("OPTIONS", transport, port(transport)));
    ct.sendRequest();
    Response ok = uac.awaitResponse(200, "OPTIONS", WAIT).getResponse();
    List<String> allow = new java.util.ArrayList<>();
    for (var it = ok.getHeaders("Allow"); it.hasNext(); ) allow.add(((javax.sip.header.AllowHeader) it.next()).getMethod());
    assertThat(allow).contains("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS");
    assertThat(ok.getHeader("Accept").toString()).contains("application/sdp");
    assertThat(stack.uas().requests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"udp", "tcp"})
  void aCallIsSetUpAndTornDownWithJainSipDialogs(String transport) throws Exception {
    // JAIN-SIP handles messages on several threads: a 200 sent right behind the 180 may be processed first, and the
    // 180 is then dropped as late. A short ring keeps the order this test asserts deterministic.
    stack.uas().answerDelay(java.time.Duration.ofMillis(100));
    ClientTransaction ct = uac.provider.getNewClientTransaction(newRequest("INVITE", transport, port(transport)));
    ct.sendRequest();
    uac.awaitResponse(180, "INVITE", WAIT);
    ResponseEvent okEvent = uac.awaitResponse(200, "INVITE", WAIT);
    Response ok = okEvent.getResponse();
    assertThat(new String(ok.getRawContent(), StandardCharsets.US_ASCII)).startsWith("v=0");
    assertThat(ok.getHeader("Content-Type").toString()).contains("application/sdp");
    Dialog dialog = okEvent.getDialog();
    assertThat(dialog).as("JAIN-SIP built a dialog from 180/200 with To tag and Contact").isNotNull();
    Request ack = dialog.createAck(((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber());
    dialog.sendAck(ack);
    Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK did not reach the INVITE transaction");

    Request bye = dialog.createRequest(Request.BYE);
    ClientTransaction byeTx = uac.provider.getNewClientTransaction(bye);
    dialog.sendRequest(byeTx);
    uac.awaitResponse(200, "BYE", WAIT);

    assertThat(stack.uas().summary()).isEqualTo("[INVITE, BYE]");
    assertThat(stack.uas().requests("BYE").get(0).callId()).isEqualTo(stack.uas().requests("INVITE").get(0).callId());
    assertThat(stack.uas().strayAcks()).isEmpty();
    assertThat(uac.timeouts).isEmpty();
    assertThat(uac.responses(100)).as("100 Trying sent at once").hasSize(1);
  }

  /**
   * The relay loses every response to the INVITE until JAIN-SIP has retransmitted it (its Timer A, T1 set to 100 ms):
   * the stack absorbs the retransmission in the Accepted state (RFC 6026) and keeps retransmitting its 200, which
   * then gets through. The application sees one INVITE.
   */
  @Test
  void aRetransmittedInviteIsAbsorbedWhileTheStackRetransmitsIts200() throws Exception {
    try (LossyUdpRelay relay = new LossyUdpRelay(stack.udpPort())) {
      stack.uas().contact(tx -> "<sip:uas@127.0.0.1:" + relay.port() + ">"); // ACK and BYE through the relay too
      relay.dropUntil(TO_CLIENT, responseTo("INVITE"), () -> relay.count(TO_SERVER, request("INVITE")) >= 2);
      ClientTransaction ct = uac.provider.getNewClientTransaction(newRequest("INVITE", "udp", relay.port()));
      ct.setRetransmitTimer(100); // JAIN-SIP's T1 for this transaction: retransmit well within the stack's 64*T1
      ct.sendRequest();
      ResponseEvent okEvent = uac.awaitResponse(200, "INVITE", WAIT);
      assertThat(relay.count(TO_SERVER, request("INVITE"))).as(relay.trace()).isGreaterThanOrEqualTo(2);
      assertThat(relay.events().stream().filter(e -> e.direction() == TO_CLIENT && e.dropped()).count())
          .as("100, 180 and at least the first 200 lost").isGreaterThanOrEqualTo(3);
      Dialog dialog = okEvent.getDialog();
      dialog.sendAck(dialog.createAck(1L));
      Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK did not arrive");
      ClientTransaction byeTx = uac.provider.getNewClientTransaction(dialog.createRequest(Request.BYE));
      dialog.sendRequest(byeTx);
      uac.awaitResponse(200, "BYE", WAIT);
      assertThat(stack.uas().summary()).isEqualTo("[INVITE, BYE]");
      assertThat(stack.stats().retransmissionsAbsorbed()).isPositive();
      assertThat(relay.count(TO_SERVER, request("ACK"))).as(relay.trace()).isGreaterThanOrEqualTo(1);
    }
  }
}
