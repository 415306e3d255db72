package io.psip.sip.stack;

import io.psip.sip.testing.RawMessage;
import io.psip.sip.testing.RawRequest;
import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.TestUas;
import io.psip.sip.testing.Waits;
import io.psip.sip.transaction.TimerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static io.psip.sip.testing.RawSipClient.anyResponse;
import static io.psip.sip.testing.RawSipClient.isResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** The TCP transport as a peer sees it: framing, pipelining, keep-alives, framing errors, idle timeout, reconnects. */
class TcpTransportWireTest {
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static StackFixture stack;

  @BeforeAll
  static void start() {
    stack = StackFixture.start(StackFixture.options(new TimerSettings(10, 160, 100)).setTcpIdleTimeoutSeconds(1));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @AfterEach
  void leakCheck() {
    try {
      stack.assertQuiescent(true);
    } finally {
      stack.uas().reset();
    }
  }

  private static RawRequest options(RawSipClient c) {
    return RawRequest.of("OPTIONS", "sip:svc@127.0.0.1").via("TCP", "127.0.0.1", c.localPort());
  }

  @Test
  void pipelinedRequestsInOneWriteAreAllAnsweredInOrder() {
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      RawRequest a = options(c);
      RawRequest b = options(c).cseq(2);
      RawRequest d = RawRequest.of("INFO", "sip:svc@127.0.0.1").via("TCP", "127.0.0.1", c.localPort());
      c.send(a.text() + b.text() + d.text());
      c.awaitCount(anyResponse(), 3, WAIT);
      assertThat(c.received()).extracting(r -> r.message().callId())
          .containsExactly(a.callId(), b.callId(), d.callId());
      assertThat(stack.uas().summary()).isEqualTo("[INFO]");
    }
  }

  @Test
  void aRequestArrivingOneByteAtATimeIsAnswered() {
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      RawRequest inv = RawRequest.of("INVITE", "sip:svc@127.0.0.1").via("TCP", "127.0.0.1", c.localPort())
          .body("application/sdp", RawRequest.sdp(4000));
      byte[] bytes = inv.bytes();
      for (int i = 0; i < bytes.length; i += 7) {
        c.send(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 7)));
        if (i % 140 == 0) RawSipClient.sleep(Duration.ofMillis(1));
      }
      RawMessage ok = c.awaitResponse(200, "INVITE", WAIT);
      assertThat(stack.uas().requests("INVITE")).hasSize(1);
      assertThat(stack.uas().requests("INVITE").get(0).body())
          .isEqualTo(RawRequest.sdp(4000).getBytes(StandardCharsets.UTF_8));
      c.send(inv.ack2xx(ok));
      Waits.until(() -> stack.uas().acks().size() == 1, WAIT, "ACK handler not called");
    }
  }

  @Test
  void doubleCrlfPingIsAnsweredWithCrlfPong() {
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      c.send("\r\n\r\n");
      Waits.until(() -> c.streamBytes().length >= 2, WAIT, "no pong");
      assertThat(new String(c.streamBytes(), StandardCharsets.US_ASCII)).isEqualTo("\r\n");
      // and the connection still carries SIP
      c.send(options(c));
      assertThat(c.await(anyResponse(), WAIT).status()).isEqualTo(200);
    }
  }

  @Test
  void negativeContentLengthIsAnswered400AndTheConnectionClosed() {
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      RawRequest r = options(c).set("Content-Length", "-999");
      RawRequest after = options(c).cseq(2);
      c.send(r.text() + after.text());
      RawMessage resp = c.await(anyResponse(), WAIT);
      assertThat(resp.status()).isEqualTo(400);
      assertThat(resp.warning()).startsWith("399 127.0.0.1 \"");
      assertThat(c.awaitClosed(WAIT)).as("framing lost: connection closed").isTrue();
      assertThat(c.received()).as("nothing after bad framing is processed").hasSize(1);
    }
  }

  /** CONTRACT §3: too large is 513; a stream cannot be framed past a body it will not read, so it is closed. */
  @Test
  void anOversizedBodyIs513AtOnceAndTheConnectionClosed() {
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      c.send(options(c).set("Content-Length", "10000000").text() + "x".repeat(1000));
      RawMessage resp = c.await(anyResponse(), WAIT);
      assertThat(resp.status()).isEqualTo(513);
      assertThat(resp.warning()).startsWith("399 127.0.0.1 \"");
      assertThat(c.awaitClosed(WAIT)).isTrue();
    }
  }

  @Test
  void anOversizedHeaderSectionIs513AndTheConnectionClosed() {
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      c.send(options(c).header("X-Padding", "p".repeat(40_000)).text());
      RawMessage resp = c.await(anyResponse(), WAIT);
      assertThat(resp.status()).isEqualTo(513);
      assertThat(c.awaitClosed(WAIT)).isTrue();
    }
  }

  @Test
  void aHalfReceivedMessageIsEndedByTheIdleTimeout() {
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      String text = options(c).set("Content-Length", "500").text();
      c.send(text);
      long t0 = System.nanoTime();
      assertThat(c.awaitClosed(Duration.ofSeconds(4))).isTrue();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).as("closed by the 1 s idle timeout").isBetween(700L, 3500L);
      assertThat(c.received()).isEmpty();
    }
  }

  @Test
  void anIdleConnectionIsClosedAndAnActiveOneIsNot() {
    try (RawSipClient idle = RawSipClient.tcp(stack.tcpPort()); RawSipClient busy = RawSipClient.tcp(stack.tcpPort())) {
      long end = System.nanoTime() + Duration.ofMillis(1600).toNanos();
      int n = 0;
      while (System.nanoTime() < end) {
        busy.send(options(busy).cseq(++n));
        RawSipClient.sleep(Duration.ofMillis(250));
      }
      assertThat(idle.awaitClosed(Duration.ofSeconds(2))).isTrue();
      assertThat(busy.isClosedByPeer()).isFalse();
      busy.awaitCount(anyResponse(), n, WAIT);
    }
  }

  /**
   * RFC 3261 §18.2.2: when the connection the request came on is gone, the response goes on a new connection to the
   * source address and the Via sent-by port (here a listening socket of the client).
   */
  @Test
  void aResponseAfterTheClientClosedItsConnectionGoesToANewConnectionToTheSentByPort() throws Exception {
    stack.uas().inviteMode(TestUas.InviteMode.RING_ONLY);
    try (ServerSocket listening = RawSipClient.tcpServer()) {
      RawRequest inv;
      try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
        inv = RawRequest.of("INVITE", "sip:svc@127.0.0.1").via("TCP", "127.0.0.1", listening.getLocalPort())
            .body("application/sdp", RawRequest.sdp(4000));
        c.send(inv);
        c.awaitResponse(180, "INVITE", WAIT);
      }
      Waits.until(() -> stack.stats().tcpConnections() == 0, WAIT, "stack did not notice the close");
      stack.run(() -> stack.uas().lastTransaction("INVITE").respond(486, "busy"));
      try (RawSipClient back = RawSipClient.accept(listening, WAIT)) {
        RawMessage busy = back.awaitResponse(486, "INVITE", WAIT);
        assertThat(busy.callId()).isEqualTo(inv.callId());
        back.send(inv.ackFor(busy));
        Waits.until(() -> stack.stats().serverTransactions() == 0, WAIT, "ACK on the new connection did not match");
      }
    }
  }

  @Test
  void responsesFromTheStackUseTheConnectionTheRequestCameOn() {
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      RawRequest r = options(c).via("TCP", "192.0.2.1", 5999); // a sent-by nobody listens on
      c.send(r);
      RawMessage resp = c.await(anyResponse(), WAIT);
      assertThat(resp.status()).isEqualTo(200);
      assertThat(resp.topViaParam("received")).isEqualTo("127.0.0.1");
      assertThat(c.within(0, isResponse(200, "OPTIONS"), Duration.ofMillis(50))).hasSize(1);
    }
  }
}
