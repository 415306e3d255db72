package io.psip.call;

import io.psip.auth.AuthChain;
import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthRequest;
import io.psip.auth.Authenticator;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.routing.CallRouter;
import io.psip.sip.testing.RawMessage;
import io.psip.sip.testing.RawRequest;
import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.Waits;
import io.psip.sip.transaction.TimerSettings;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UDP-queue sign end to end: a real stack, datagrams left unread while the SIP loop is busy, the guard tripping
 * on its probe's wait while the loop is still busy, and every INVITE that waited answered 503 + Retry-After once the
 * loop runs again; then, the queue drained, new calls pass the guard again.
 */
class UdpQueueOverloadTest {
  private static final int INVITES = 20;
  private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      + "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
      + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n";

  private StackFixture fixture;
  private CallService service;

  @BeforeEach
  void start() {
    fixture = StackFixture.start(StackFixture.options(new TimerSettings(100, 400, 500)));
    Authenticator none = new Authenticator() {
      @Override public String name() { return "none"; }
      @Override public Future<AuthOutcome> authenticate(AuthRequest r) { return Future.succeededFuture(AuthOutcome.abstain("no auth in this test")); }
    };
    InMemoryDirectory directory = new InMemoryDirectory();
    service = fixture.call(() -> CallService.attach(fixture.vertx(), fixture.stack(),
        new CallService.Options("127.0.0.1", "test", null, 100, 100, 2000, 0, 250),
        new CallRouter(directory, "psip.test", List.of("us")), new AuthChain(List.of(none)), directory,
        CallRecorder.NONE));
  }

  @AfterEach
  void stop() {
    fixture.call(service::close);
    fixture.close();
  }

  @Test
  void invitesThatWaitedInTheQueueGet503AndTheNodeAdmitsAgainOnceItDrains() throws InterruptedException {
    // an idle stack reads a probe at once (a loaded test machine may take a moment for the first)
    Waits.until(() -> service.overload().udpQueueMs() >= 0 && service.overload().udpQueueMs() < 100,
        Duration.ofSeconds(5), () -> "no prompt probe: " + service.overload().udpQueueMs() + " ms");
    assertThat(service.overload().overloaded()).isFalse();
    try (RawSipClient uac = RawSipClient.udp().target(fixture.udpPort())) {
      // the SIP loop busy: what arrives waits in the kernel (sent only once the loop is inside the task: Netty reads
      // what is readable before it runs queued tasks)
      CountDownLatch busy = new CountDownLatch(1);
      fixture.context().runOnContext(v -> {
        busy.countDown();
        sleep(1_500);
      });
      assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
      List<RawRequest> invites = new ArrayList<>();
      for (int i = 0; i < INVITES; i++) {
        RawRequest invite = RawRequest.of("INVITE", "sip:100@acme.sip-us.psip.test")
            .via("UDP", "127.0.0.1", uac.localPort()).body("application/sdp", SDP);
        invites.add(invite);
        uac.send(invite);
      }
      Waits.until(() -> service.overload().overloaded(), Duration.ofMillis(1_200),
          () -> "the guard did not trip while the loop was busy; queue " + service.overload().udpQueueMs() + " ms");
      assertThat(service.overload().udpQueueMs()).as("the probe's wait so far").isGreaterThanOrEqualTo(250);

      Set<String> callIds = invites.stream().map(RawRequest::callId).collect(Collectors.toSet());
      List<RawMessage> finals = uac.awaitCount(m -> m.isResponse() && m.status() >= 200
          && callIds.contains(m.callId()), INVITES, Duration.ofSeconds(5));
      assertThat(finals.stream().map(RawMessage::callId).distinct().count()).isEqualTo(INVITES);
      assertThat(finals).allSatisfy(m -> {
        assertThat(m.status()).isEqualTo(503);
        assertThat(m.header("Retry-After")).isNotBlank();
      });
      assertThat(service.overload().refused()).isGreaterThanOrEqualTo(INVITES);

      // drained: once the hold has passed, a new call meets the router again (no such domain here: 404)
      Waits.until(() -> !service.overload().overloaded(), Duration.ofSeconds(4),
          () -> "still overloaded; queue " + service.overload().udpQueueMs() + " ms");
      RawRequest after = RawRequest.of("INVITE", "sip:100@acme.sip-us.psip.test")
          .via("UDP", "127.0.0.1", uac.localPort()).body("application/sdp", SDP);
      uac.send(after);
      assertThat(uac.awaitFinal(after, Duration.ofSeconds(3)).status()).isEqualTo(404);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
