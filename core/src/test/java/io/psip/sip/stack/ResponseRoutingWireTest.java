package io.psip.sip.stack;

import io.psip.sip.testing.RawMessage;
import io.psip.sip.testing.RawRequest;
import io.psip.sip.testing.RawSipClient;
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

import static io.psip.sip.testing.RawSipClient.anyResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where responses go over UDP (RFC 3261 §18.2.2, RFC 3581): to the packet's source port with {@code rport}, else to
 * the Via sent-by port, with {@code received} when the Via host is not the source address; for stateless errors to
 * malformed requests as for transactional responses. Malformed responses and ACKs get nothing back.
 * <p>
 * Each test uses two sockets: {@code src} sends, {@code sentBy} is the port the Via names.
 */
class ResponseRoutingWireTest {
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static final Duration QUIET = Duration.ofMillis(150);
  private static StackFixture stack;

  @BeforeAll
  static void start() {
    stack = StackFixture.start(StackFixture.options(new TimerSettings(10, 160, 100)));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @AfterEach
  void leakCheck() {
    stack.afterEach();
  }

  /** OPTIONS that parses ("valid"), or whose CSeq number is beyond 2^32-1 (RFC 4475 §3.1.2.4: "malformed"). */
  private static RawRequest options(String kind, String viaHost, int sentByPort) {
    RawRequest r = RawRequest.of("OPTIONS", "sip:svc@127.0.0.1:" + stack.udpPort()).via("UDP", viaHost, sentByPort);
    if (kind.equals("malformed")) r.set("CSeq", "4294967296 OPTIONS");
    return r;
  }

  private static int expectedStatus(String kind) { return kind.equals("malformed") ? 400 : 200; }

  @ParameterizedTest
  @ValueSource(strings = {"valid", "malformed"})
  void withRportTheResponseGoesToThePacketsSourcePort(String kind) {
    try (RawSipClient src = RawSipClient.udp().target(stack.udpPort()); RawSipClient sentBy = RawSipClient.udp()) {
      src.send(options(kind, "127.0.0.1", sentBy.localPort()));
      RawSipClient.Received r = src.await(0, anyResponse(), WAIT);
      assertThat(r.message().status()).isEqualTo(expectedStatus(kind));
      assertThat(r.source().getPort()).as("from the stack's SIP port").isEqualTo(stack.udpPort());
      assertThat(r.message().topViaParam("rport")).isEqualTo(Integer.toString(src.localPort()));
      assertThat(r.message().topViaParam("received")).isEqualTo("127.0.0.1");
      assertThat(sentBy.within(0, anyResponse(), QUIET)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"valid", "malformed"})
  void withoutRportTheResponseGoesToTheViaSentByPort(String kind) {
    try (RawSipClient src = RawSipClient.udp().target(stack.udpPort()); RawSipClient sentBy = RawSipClient.udp()) {
      src.send(options(kind, "127.0.0.1", sentBy.localPort()).noRport());
      RawMessage resp = sentBy.await(anyResponse(), WAIT);
      assertThat(resp.status()).isEqualTo(expectedStatus(kind));
      assertThat(resp.topViaParam("received")).as("Via host equals the source: no received").isNull();
      assertThat(resp.topViaParam("rport")).isNull();
      assertThat(src.within(0, anyResponse(), QUIET)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"valid", "malformed"})
  void aViaHostOtherThanTheSourceGetsReceivedAndTheResponseGoesToTheSourceAddress(String kind) {
    try (RawSipClient src = RawSipClient.udp().target(stack.udpPort()); RawSipClient sentBy = RawSipClient.udp()) {
      src.send(options(kind, "192.0.2.7", sentBy.localPort()).noRport());
      RawMessage resp = sentBy.await(anyResponse(), WAIT);
      assertThat(resp.status()).isEqualTo(expectedStatus(kind));
      assertThat(resp.topVia()).startsWith("SIP/2.0/UDP 192.0.2.7:" + sentBy.localPort());
      assertThat(resp.topViaParam("received")).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void statelessErrorEchoesTheDialogHeadersAndExplainsItself() {
    try (RawSipClient src = RawSipClient.udp().target(stack.udpPort())) {
      RawRequest bad = options("malformed", "127.0.0.1", src.localPort());
      src.send(bad);
      RawMessage resp = src.await(anyResponse(), WAIT);
      assertThat(resp.status()).isEqualTo(400);
      assertThat(resp.warning()).matches("399 127\\.0\\.0\\.1 \".*CSeq.*\"");
      assertThat(resp.callId()).isEqualTo(bad.callId());
      assertThat(resp.fromTag()).isEqualTo(bad.fromTag());
      assertThat(resp.toTag()).isNotBlank();
      assertThat(resp.topViaParam("branch")).isEqualTo(bad.branch());
      assertThat(stack.uas().requests()).isEmpty();
    }
  }

  @Test
  void aRequestWithAnUnknownVersionIs505() {
    try (RawSipClient src = RawSipClient.udp().target(stack.udpPort())) {
      String text = options("valid", "127.0.0.1", src.localPort()).text().replaceFirst(" SIP/2.0\r\n", " SIP/7.0\r\n");
      src.send(text);
      RawMessage resp = src.await(anyResponse(), WAIT);
      assertThat(resp.status()).isEqualTo(505);
      assertThat(resp.warning()).startsWith("399 127.0.0.1 \"");
    }
  }

  @Test
  void anOversizedHeaderSectionIs513() {
    try (RawSipClient src = RawSipClient.udp().target(stack.udpPort())) {
      src.send(options("valid", "127.0.0.1", src.localPort()).header("X-Padding", "p".repeat(20_000)));
      RawMessage resp = src.await(anyResponse(), WAIT);
      assertThat(resp.status()).isEqualTo(513);
      assertThat(resp.warning()).startsWith("399 127.0.0.1 \"");
    }
  }

  @Test
  void malformedResponsesAreDroppedSilently() {
    try (RawSipClient src = RawSipClient.udp().target(stack.udpPort())) {
      long failures = stack.stats().parseFailures();
      src.send("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:" + src.localPort() + ";branch=z9hG4bKx;rport\r\n"
          + "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x@y\r\nCSeq: 4294967296 OPTIONS\r\nContent-Length: 0\r\n\r\n");
      src.send("SIP/2.0 4294967301 better not break the receiver\r\nVia: SIP/2.0/UDP 127.0.0.1:" + src.localPort()
          + ";branch=z9hG4bKy\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x@y\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
      Waits.until(() -> stack.stats().parseFailures() >= failures + 2, WAIT, "the stack did not see both responses");
      assertThat(src.within(0, m -> true, QUIET)).isEmpty();
    }
  }

  @Test
  void malformedAckIsNeverAnswered() {
    try (RawSipClient src = RawSipClient.udp().target(stack.udpPort())) {
      long failures = stack.stats().parseFailures();
      RawRequest ack = RawRequest.of("ACK", "sip:svc@127.0.0.1").via("UDP", "127.0.0.1", src.localPort())
          .set("CSeq", "4294967296 ACK");
      src.send(ack);
      Waits.until(() -> stack.stats().parseFailures() >= failures + 1, WAIT, "the stack did not see the ACK");
      assertThat(src.within(0, m -> true, QUIET)).isEmpty();
      assertThat(stack.uas().strayAcks()).isEmpty();
    }
  }

  @Test
  void udpKeepAlivesGetNoAnswer() {
    try (RawSipClient src = RawSipClient.udp().target(stack.udpPort())) {
      src.send("\r\n\r\n");
      src.send("\r\n");
      RawRequest ping = RawRequest.of("OPTIONS", "sip:svc@127.0.0.1").via("UDP", "127.0.0.1", src.localPort());
      src.send(ping); // a request after them is still answered: the socket was not disturbed
      assertThat(src.await(anyResponse(), WAIT).status()).isEqualTo(200);
      assertThat(src.within(0, m -> true, QUIET)).hasSize(1);
    }
  }
}
