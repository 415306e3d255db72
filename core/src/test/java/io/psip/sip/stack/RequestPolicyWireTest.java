package io.psip.sip.stack;

import io.psip.sip.testing.RawMessage;
import io.psip.sip.testing.RawRequest;
import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.transaction.TimerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static io.psip.sip.testing.RawSipClient.anyResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core request policy (RFC 3261 §8.2) as a peer sees it over real sockets: what the stack answers by itself,
 * with which headers, and that rejected requests never reach the application.
 */
class RequestPolicyWireTest {
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static final String SERVED = "127.0.0.1";
  private static StackFixture stack;

  @BeforeAll
  static void start() {
    stack = StackFixture.start(StackFixture.options(new TimerSettings(10, 160, 200))
        .setSupportedOptions(List.of("path"))
        .setServedHost(h -> h.equals(SERVED) || h.equals("served.example")));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @AfterEach
  void leakCheck() {
    stack.afterEach();
  }

  private static RawSipClient udp() {
    return RawSipClient.udp().target(stack.udpPort());
  }

  private static RawRequest request(RawSipClient c, String method, String uri) {
    return RawRequest.of(method, uri).via(c.transport(), "127.0.0.1", c.localPort());
  }

  private static String uri() { return "sip:svc@" + SERVED + ":" + stack.udpPort(); }

  /** Sends, waits for the final response, ACKs it when the request was an INVITE (as a UAC would). */
  private static RawMessage finalResponse(RawSipClient c, RawRequest r) {
    c.send(r);
    RawMessage resp = c.awaitFinal(r, WAIT);
    if (r.method().equals("INVITE") && resp.status() >= 300) c.send(r.ackFor(resp));
    return resp;
  }

  private static void assertWarning(RawMessage resp) {
    assertThat(resp.warning()).as("Warning of %s", resp.startLine()).matches("399 127\\.0\\.0\\.1 \".+\"");
  }

  @Test
  void optionsToServedHostIsAnsweredByTheStackWithCapabilities() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "OPTIONS", uri()));
      assertThat(resp.status()).isEqualTo(200);
      assertThat(resp.header("Allow")).contains("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS");
      assertThat(resp.header("Accept")).isEqualTo("application/sdp");
      assertThat(resp.header("Supported")).isEqualTo("path");
      assertThat(resp.toTag()).isNotBlank();
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @Test
  void optionsToAHostThatIsNotServedReachesTheApplication() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "OPTIONS", "sip:someone@elsewhere.example"));
      assertThat(resp.status()).isEqualTo(200);
      assertThat(resp.header("Allow")).as("the TestUas's own 200 carries no Allow").isNull();
      assertThat(stack.uas().count("OPTIONS")).isEqualTo(1);
    }
  }

  @Test
  void optionsWithMaxForwardsZeroIsAnswered200() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "OPTIONS", uri()).set("Max-Forwards", "0"));
      assertThat(resp.status()).isEqualTo(200);
      assertThat(resp.header("Allow")).isNotNull();
    }
  }

  @Test
  void unknownMethodIs501WithAllow() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "FROBNICATE", uri()));
      assertThat(resp.status()).isEqualTo(501);
      assertThat(resp.header("Allow")).contains("INVITE", "OPTIONS");
      assertWarning(resp);
      assertThat(resp.warning()).contains("FROBNICATE");
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"REGISTER", "SUBSCRIBE", "MESSAGE", "PUBLISH", "REFER", "NOTIFY", "PRACK"})
  void knownButUnservedMethodsAre405WithAllow(String method) {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, method, uri()));
      assertThat(resp.status()).isEqualTo(405);
      assertThat(resp.header("Allow")).contains("INVITE", "BYE", "OPTIONS").doesNotContain(method);
      assertWarning(resp);
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @Test
  void unsupportedRequireIs420ListingTheTags() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "INVITE", uri()).header("Require", "foo, path, Bar")
          .body("application/sdp", RawRequest.sdp(4000)));
      assertThat(resp.status()).isEqualTo(420);
      assertThat(resp.header("Unsupported")).isEqualTo("foo, Bar");
      assertWarning(resp);
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @Test
  void supportedRequireIsAccepted() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "OPTIONS", uri()).header("Require", "path"));
      assertThat(resp.status()).isEqualTo(200);
    }
  }

  @Test
  void inviteWithANonSdpBodyIs415WithAccept() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "INVITE", uri()).body("text/plain", "hello"));
      assertThat(resp.status()).isEqualTo(415);
      assertThat(resp.header("Accept")).isEqualTo("application/sdp");
      assertWarning(resp);
      assertThat(resp.warning()).contains("text/plain");
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @Test
  void inviteThatAcceptsOnlyTextPlainIs406() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "INVITE", uri()).header("Accept", "text/plain")
          .body("application/sdp", RawRequest.sdp(4000)));
      assertThat(resp.status()).isEqualTo(406);
      assertThat(resp.header("Accept")).isEqualTo("application/sdp");
      assertWarning(resp);
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @Test
  void inviteWithAnEncodedBodyIs415WithAcceptEncoding() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "INVITE", uri()).header("Content-Encoding", "gzip")
          .body("application/sdp", RawRequest.sdp(4000)));
      assertThat(resp.status()).isEqualTo(415);
      assertThat(resp.header("Accept-Encoding")).isEqualTo("identity");
      assertWarning(resp);
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/*", "*/*", "text/plain, application/sdp;q=0.5", "APPLICATION/SDP"})
  void inviteWhoseAcceptCoversSdpIsAccepted(String accept) {
    try (RawSipClient c = udp()) {
      RawRequest inv = request(c, "INVITE", uri()).header("Accept", accept).set("Content-Type", "Application/SDP; charset=utf-8")
          .body("application/sdp", RawRequest.sdp(4000));
      RawMessage resp = finalResponse(c, inv);
      assertThat(resp.status()).isEqualTo(200);
      c.send(inv.ack2xx(resp));
      io.psip.sip.testing.Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK not matched");
      assertThat(stack.uas().count("INVITE")).isEqualTo(1);
    }
  }

  @Test
  void inviteWithMaxForwardsZeroIs483() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "INVITE", uri()).set("Max-Forwards", "0"));
      assertThat(resp.status()).isEqualTo(483);
      assertWarning(resp);
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo:bar", "tel:+15551234567", "http://example.com/x"})
  void requestUriWithANonSipSchemeIs416(String requestUri) {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "INVITE", requestUri));
      assertThat(resp.status()).isEqualTo(416);
      assertWarning(resp);
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @Test
  void cseqMethodMismatchIs400() {
    try (RawSipClient c = udp()) {
      RawMessage resp = finalResponse(c, request(c, "OPTIONS", uri()).cseqMethod("INVITE"));
      assertThat(resp.status()).isEqualTo(400);
      assertWarning(resp);
    }
  }

  @Test
  void acceptedInviteGets100TryingFirstThenReachesTheApplicationOnce() {
    try (RawSipClient c = udp()) {
      RawRequest inv = request(c, "INVITE", uri()).body("application/sdp", RawRequest.sdp(4000));
      c.send(inv);
      RawMessage ok = c.awaitResponse(200, "INVITE", WAIT);
      List<RawSipClient.Received> all = c.received();
      assertThat(all.get(0).message().status()).as("first response").isEqualTo(100);
      assertThat(all.get(0).message().toTag()).as("100 Trying has no To tag").isNull();
      assertThat(ok.header("Content-Type")).isEqualTo("application/sdp");
      c.send(inv.ack2xx(ok));
      stack.uas().awaitCount("INVITE", 1, WAIT);
      io.psip.sip.testing.Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK did not reach the INVITE transaction");
      c.send(inv.bye(ok));
      assertThat(c.awaitResponse(200, "BYE", WAIT).status()).isEqualTo(200);
      assertThat(stack.uas().summary()).isEqualTo("[INVITE, BYE]");
    }
  }

  @Test
  void rejectionsOverTcpCarryWarningToo() {
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      RawMessage resp = finalResponse(c, request(c, "SUBSCRIBE", uri()));
      assertThat(resp.status()).isEqualTo(405);
      assertWarning(resp);
      RawMessage second = finalResponse(c, request(c, "BOGUS", uri()));
      assertThat(second.status()).isEqualTo(501);
      assertWarning(second);
    }
    stack.assertQuiescent(true);
  }

  @Test
  void ackIsNeverRejectedEvenWhenPolicyWouldRejectIt() {
    try (RawSipClient c = udp()) {
      long before = stack.stats().receivedMessages();
      // an ACK with an unsupported Require and a non-SDP body: no response, ever (RFC 3261 §17)
      c.send(request(c, "ACK", uri()).header("Require", "foo").body("text/plain", "x"));
      io.psip.sip.testing.Waits.until(() -> stack.stats().receivedMessages() > before, WAIT, "ACK not received");
      assertThat(c.within(0, anyResponse(), Duration.ofMillis(150))).isEmpty();
      assertThat(stack.uas().requests()).isEmpty();
      assertThat(stack.uas().strayAcks()).hasSize(1);
    }
  }
}
