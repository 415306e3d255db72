package io.psip.sip.stack;

import io.psip.sip.testing.RawMessage;
import io.psip.sip.testing.RawRequest;
import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.TestUas;
import io.psip.sip.testing.Waits;
import io.psip.sip.transaction.TimerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.psip.sip.testing.RawSipClient.anyResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** Starting, stopping, binding, connection limits and a failing application, as seen from outside. */
class StackLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    StackFixture.await(vertx.close());
  }

  private static final java.util.Map<SipStack, io.vertx.core.Context> CONTEXTS = new java.util.concurrent.ConcurrentHashMap<>();

  /** Deploys a stack set up by {@code setup}; completes with it once started (or with the failure). */
  private static CompletableFuture<SipStack> deploy(SipStackOptions options, Consumer<SipStack> setup) {
    CompletableFuture<SipStack> result = new CompletableFuture<>();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        SipStack s = SipStack.create(vertx, options);
        CONTEXTS.put(s, context);
        setup.accept(s);
        return s.start().onSuccess(v -> result.complete(s)).onFailure(result::completeExceptionally);
      }
    });
    return result;
  }

  private static SipStackOptions options() {
    return StackFixture.options(new TimerSettings(10, 160, 100));
  }

  @Test
  void portZeroBindsUdpAndTcpOnTheSameNumber() throws Exception {
    SipStack s = deploy(options(), x -> { }).get(5, TimeUnit.SECONDS);
    assertThat(s.udpPort()).isPositive().isEqualTo(s.tcpPort());
  }

  @Test
  void aTakenPortFailsTheStartNamingTheAddressAndLeavesNothingBound() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      int port = taken.getLocalPort();
      CompletableFuture<SipStack> f = deploy(options().setPort(port), x -> { });
      Throwable failure = f.handle((s, e) -> e).get(5, TimeUnit.SECONDS);
      assertThat(failure).isNotNull();
      assertThat(failure.getMessage()).contains("127.0.0.1:" + port);
      // whatever was bound before the failure was closed again: the TCP port is free
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
    }
  }

  @Test
  void stopCancelsTransactionsAndTimersAndReleasesThePorts() throws Exception {
    TestUas uas = new TestUas().inviteMode(TestUas.InviteMode.RING_ONLY);
    SipStack s = deploy(options(), x -> uas.attach(x, vertx)).get(5, TimeUnit.SECONDS);
    int port = s.udpPort();
    try (RawSipClient c = RawSipClient.udp().target(port); RawSipClient t = RawSipClient.tcp(port)) {
      c.send(RawRequest.of("INVITE", "sip:a@127.0.0.1").via("UDP", "127.0.0.1", c.localPort()));
      c.awaitResponse(180, "INVITE", WAIT);
      Waits.until(() -> onContext(s, () -> s.stats().tcpConnections()) == 1, WAIT, "TCP connection not counted");
      assertThat(onContext(s, () -> s.stats().serverTransactions())).isEqualTo(1);
      StackFixture.await(onContext(s, s::stop));
      SipStack.SipStackStats after = onContext(s, s::stats);
      assertThat(after.serverTransactions()).isZero();
      assertThat(after.timers()).isZero();
      assertThat(after.pendingAcks()).isZero();
      assertThat(t.awaitClosed(WAIT)).as("open TCP connections are closed").isTrue();
    }
    // the ports are free again (allowing the kernel a moment to finish closing)
    Waits.until(() -> bindable(port), WAIT, "port " + port + " still bound after stop()");
  }

  private static boolean bindable(int port) {
    InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    try (DatagramSocket u = new DatagramSocket(a); ServerSocket tcp = new ServerSocket()) {
      tcp.bind(a);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void connectionsBeyondTheLimitAreRefusedAtOnce() throws Exception {
    SipStack s = deploy(options().setMaxTcpConnections(2), x -> new TestUas().attach(x, vertx)).get(5, TimeUnit.SECONDS);
    try (RawSipClient a = RawSipClient.tcp(s.tcpPort()); RawSipClient b = RawSipClient.tcp(s.tcpPort())) {
      Waits.until(() -> onContext(s, () -> s.stats().tcpConnections()) == 2, WAIT, "two connections expected");
      try (RawSipClient third = RawSipClient.tcp(s.tcpPort())) {
        assertThat(third.awaitClosed(WAIT)).as("third connection closed").isTrue();
      }
      a.send(RawRequest.of("OPTIONS", "sip:a@127.0.0.1").via("TCP", "127.0.0.1", a.localPort()));
      assertThat(a.await(anyResponse(), WAIT).status()).as("the first two still work").isEqualTo(200);
      assertThat(onContext(s, () -> s.stats().tcpConnections())).isEqualTo(2);
    }
    StackFixture.await(onContext(s, s::stop));
  }

  @Test
  void anApplicationThatThrowsGets500AndTheStackCarriesOn() throws Exception {
    SipStack s = deploy(options(), x -> x.requestHandler(tx -> {
      if (tx.request().isMethod("INFO")) throw new IllegalStateException("application bug");
      tx.respond(tx.createResponse(200).build());
    })).get(5, TimeUnit.SECONDS);
    try (RawSipClient c = RawSipClient.udp().target(s.udpPort())) {
      c.send(RawRequest.of("INFO", "sip:a@127.0.0.1").via("UDP", "127.0.0.1", c.localPort()));
      RawMessage resp = c.awaitFinal("INFO", WAIT);
      assertThat(resp.status()).isEqualTo(500);
      assertThat(resp.warning()).startsWith("399 127.0.0.1 \"");
      c.send(RawRequest.of("BYE", "sip:a@127.0.0.1").via("UDP", "127.0.0.1", c.localPort()));
      assertThat(c.awaitFinal("BYE", WAIT).status()).isEqualTo(200);
    }
    StackFixture.await(onContext(s, s::stop));
  }

  @Test
  void withoutARequestHandlerRequestsGet503() throws Exception {
    SipStack s = deploy(options(), x -> { }).get(5, TimeUnit.SECONDS);
    try (RawSipClient c = RawSipClient.udp().target(s.udpPort())) {
      c.send(RawRequest.of("INVITE", "sip:a@127.0.0.1").via("UDP", "127.0.0.1", c.localPort()));
      RawMessage resp = c.awaitFinal("INVITE", WAIT);
      assertThat(resp.status()).isEqualTo(503);
      assertThat(resp.warning()).startsWith("399 127.0.0.1 \"");
    }
    StackFixture.await(onContext(s, s::stop));
  }

  /** Runs on the context the stack was started on (the verticle's). */
  private static <T> T onContext(SipStack s, java.util.function.Supplier<T> action) {
    CompletableFuture<T> f = new CompletableFuture<>();
    CONTEXTS.get(s).runOnContext(v -> f.complete(action.get()));
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
