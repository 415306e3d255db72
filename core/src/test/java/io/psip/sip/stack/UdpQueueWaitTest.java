package io.psip.sip.stack;

import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.Waits;
import io.psip.sip.transaction.TimerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SipStack#udpQueueWaitMs()}: the probe datagram the stack sends itself measures how long datagrams wait before
 * the stack reads them — small when idle, growing while the loop is busy, small again once it has caught up — and a
 * probe-shaped datagram from anywhere else measures nothing and is not taken for SIP.
 */
class UdpQueueWaitTest {
  private final StackFixture fixture = StackFixture.start(StackFixture.options(new TimerSettings(100, 400, 500)));

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void measuresTheWaitWhileTheLoopIsBusyAndAfter() throws Exception {
    SipStack stack = fixture.stack();
    awaitPrompt(stack);

    CountDownLatch busy = new CountDownLatch(1);
    fixture.context().runOnContext(v -> {
      busy.countDown();
      sleep(600);
    });
    assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
    AtomicLong seen = new AtomicLong();
    long deadline = System.currentTimeMillis() + 580;
    while (System.currentTimeMillis() < deadline) {
      seen.accumulateAndGet(stack.udpQueueWaitMs(), Math::max);
      Thread.sleep(20);
    }
    assertThat(seen.get()).as("the probe's age while the loop is busy").isGreaterThanOrEqualTo(400);

    // caught up: a fresh probe comes back at once
    Waits.until(() -> stack.udpQueueWaitMs() < 100, Duration.ofSeconds(3), "the wait never came down");
    assertThat(fixture.stats().parseFailures()).as("probes are not parsed as SIP").isZero();
  }

  @Test
  void aProbeShapedDatagramFromElsewhereMeasuresNothing() throws Exception {
    SipStack stack = fixture.stack();
    awaitPrompt(stack);
    long stale = System.nanoTime() - 10_000_000_000L; // "sent 10 s ago"
    try (RawSipClient other = RawSipClient.udp().target(fixture.udpPort())) {
      for (int i = 0; i < 5; i++) other.send(ByteBuffer.allocate(8).putLong(stale).array());
      Thread.sleep(300);
      for (int i = 0; i < 5; i++) {
        assertThat(stack.udpQueueWaitMs()).as("a forged stamp is not a measure").isLessThan(100);
        Thread.sleep(20);
      }
    }
  }

  /** An idle stack reads a probe at once (a loaded test machine may take a moment for the first). */
  private static void awaitPrompt(SipStack stack) {
    Waits.until(() -> { long w = stack.udpQueueWaitMs(); return w >= 0 && w < 100; }, Duration.ofSeconds(5),
        "an idle stack never read a probe within 100 ms");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
