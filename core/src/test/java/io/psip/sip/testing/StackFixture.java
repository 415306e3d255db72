package io.psip.sip.testing;

import io.psip.sip.stack.SipStack;
import io.psip.sip.stack.SipStackOptions;
import io.psip.sip.transaction.TimerSettings;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A running psip stack on 127.0.0.1 (UDP and TCP on one ephemeral port), deployed in a verticle as an application
 * would deploy it, with a {@link TestUas} as its request handler. Stack calls are made on the stack's context through
 * {@link #call} and {@link #run}; {@link #assertQuiescent()} is the leak check run after every test.
 */
public final class StackFixture implements AutoCloseable {
  private final Vertx vertx;
  private final SipStackOptions options;
  private final TestUas uas = new TestUas();
  private volatile SipStack stack;
  private volatile Context context;

  private StackFixture(Vertx vertx, SipStackOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /** Options for a test stack: loopback, ephemeral port, the given timers. */
  public static SipStackOptions options(TimerSettings timers) {
    return new SipStackOptions().setHost("127.0.0.1").setPort(0).setTimers(timers)
        .setUdpReceiveBufferBytes(1 << 20).setUdpSendBufferBytes(1 << 20);
  }

  public static StackFixture start(SipStackOptions options) {
    StackFixture f = new StackFixture(Vertx.vertx(), options);
    f.deploy();
    return f;
  }

  private void deploy() {
    await(vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        StackFixture.this.context = context;
        stack = SipStack.create(vertx, options);
        uas.attach(stack, vertx);
        return stack.start();
      }

      @Override
      public Future<?> stop() {
        return stack.stop();
      }
    }));
  }

  public Vertx vertx() { return vertx; }

  public SipStackOptions options() { return options; }

  public TestUas uas() { return uas; }

  /** The stack; call its methods only inside {@link #call} or {@link #run}. */
  public SipStack stack() { return stack; }

  public Context context() { return context; }

  public int udpPort() { return stack.udpPort(); }

  public int tcpPort() { return stack.tcpPort(); }

  public TransportAddress address(Transport t) {
    return new TransportAddress(t, "127.0.0.1", t == Transport.UDP ? udpPort() : tcpPort());
  }

  public long t1() { return options.getTimers().t1(); }

  /** 64*T1: Timers B, F, H, J, L and M. */
  public Duration timeout() { return Duration.ofMillis(options.getTimers().timeout()); }

  /** Runs on the stack's context and returns the result. */
  public <T> T call(Supplier<T> action) {
    CompletableFuture<T> f = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        f.complete(action.get());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error r) throw r;
      throw new RuntimeException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("stack context did not run the action", e);
    }
  }

  public void run(Runnable action) {
    call(() -> {
      action.run();
      return null;
    });
  }

  public SipStack.SipStackStats stats() { return call(stack::stats); }

  /**
   * The leak check: within 64*T1 (plus scheduling slack) the stack holds no server or client transaction, no pending
   * ACK and no timer. Every transaction timer is at most 64*T1 long, so anything left after that is a leak.
   */
  public void assertQuiescent() {
    assertQuiescent(false);
  }

  /** The leak check, also requiring every TCP connection to be gone (when the test closed all of its own). */
  public void assertQuiescent(boolean noTcpConnections) {
    Duration limit = timeout().plusMillis(500);
    SipStack.SipStackStats[] last = new SipStack.SipStackStats[1];
    Waits.until(() -> {
      SipStack.SipStackStats s = stats();
      last[0] = s;
      return s.serverTransactions() == 0 && s.clientTransactions() == 0 && s.pendingAcks() == 0 && s.timers() == 0
          && (!noTcpConnections || s.tcpConnections() == 0);
    }, limit, () -> "stack did not return to idle: " + last[0]);
  }

  /** Waits for the stack to be idle, then clears the UAS for the next test. */
  public void afterEach() {
    try {
      assertQuiescent();
    } finally {
      uas.reset();
    }
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
