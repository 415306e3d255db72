package io.psip.gateway.sip;

import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipMessage;
import io.psip.sip.message.SipRequest;
import io.psip.sip.stack.SipStack;
import io.psip.sip.transaction.ClientTransaction;
import io.psip.sip.transaction.ServerTransaction;
import io.psip.sip.transport.InboundMessage;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Stops a node taking new calls while it drains before leaving its cluster: once {@link #close() closed}, a new
 * INVITE (no To tag) gets {@code 503} with {@code Retry-After} before admission sees it, so the caller tries another
 * node (RFC 3261 §21.5.4, RFC 3263 §4.3); requests inside live dialogs (BYE, re-INVITE…) still reach their calls.
 * It sits between the stack and the call service: {@link #guard} wraps the stack the service attaches to.
 */
public final class AdmissionGate {
  private static final Logger log = LoggerFactory.getLogger(AdmissionGate.class);
  /** Seconds a caller refused by a draining node is asked to wait before trying it again. */
  static final int RETRY_AFTER_S = 30;
  static final String REASON = "this node is shutting down; try another node";
  static final long DRAIN_POLL_MS = 100;

  private volatile boolean closed;

  /** From now on, new INVITEs are refused. */
  public void close() { closed = true; }

  /**
   * Closes the gate and completes once {@code liveCalls} is 0 or {@code maxSeconds} have passed, whichever comes
   * first (checked every {@value #DRAIN_POLL_MS} ms); never fails.
   */
  public Future<Void> drain(Vertx vertx, IntSupplier liveCalls, long maxSeconds) {
    close();
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(maxSeconds);
    log.info("draining: new calls refused, waiting up to {} s for {} live call(s)", maxSeconds, liveCalls.getAsInt());
    Promise<Void> drained = Promise.promise();
    Runnable check = new Runnable() {
      @Override
      public void run() {
        int live = liveCalls.getAsInt();
        if (live == 0 || System.nanoTime() >= deadline) {
          long ms = (System.nanoTime() - started) / 1_000_000;
          if (live == 0) log.info("drained in {} ms: no live calls", ms);
          else log.warn("drain time over ({} ms): going with {} live call(s)", ms, live);
          drained.complete();
        } else {
          vertx.setTimer(DRAIN_POLL_MS, id -> run());
        }
      }
    };
    check.run();
    return drained.future();
  }

  public boolean closed() { return closed; }

  /** {@code stack}, with new INVITEs refused at the request handler once this gate is closed. */
  public SipStack guard(SipStack stack) { return new GuardedStack(stack); }

  private void handle(ServerTransaction tx, Handler<ServerTransaction> next) {
    SipRequest request = tx.request();
    if (closed && request.isMethod("INVITE") && (request.to() == null || request.to().tag() == null)) {
      log.info("{} from {} refused: 503 {}", request.summary(), tx.source(), REASON);
      tx.respond(503, REASON, List.of(new SipHeader("Retry-After", String.valueOf(RETRY_AFTER_S))));
      return;
    }
    next.handle(tx);
  }

  private final class GuardedStack implements SipStack {
    private final SipStack stack;

    GuardedStack(SipStack stack) { this.stack = stack; }

    @Override
    public SipStack requestHandler(Handler<ServerTransaction> handler) {
      stack.requestHandler(handler == null ? null : tx -> handle(tx, handler));
      return this;
    }

    @Override
    public SipStack ackHandler(Handler<InboundMessage> handler) {
      stack.ackHandler(handler);
      return this;
    }

    @Override
    public SipStack strayResponseHandler(Handler<InboundMessage> handler) {
      stack.strayResponseHandler(handler);
      return this;
    }

    @Override
    public Future<Void> start() { return stack.start(); }

    @Override
    public Future<Void> stop() { return stack.stop(); }

    @Override
    public int udpPort() { return stack.udpPort(); }

    @Override
    public int tcpPort() { return stack.tcpPort(); }

    @Override
    public long udpQueueWaitMs() { return stack.udpQueueWaitMs(); }

    @Override
    public ClientTransaction sendRequest(SipRequest request, TransportAddress destination) {
      return stack.sendRequest(request, destination);
    }

    @Override
    public Future<Void> sendStateless(SipMessage message, TransportAddress destination) {
      return stack.sendStateless(message, destination);
    }

    @Override
    public byte[] encodeStateless(SipMessage message, Transport transport) {
      return stack.encodeStateless(message, transport);
    }

    @Override
    public Future<Void> sendEncoded(byte[] bytes, TransportAddress destination) {
      return stack.sendEncoded(bytes, destination);
    }

    @Override
    public SipStackStats stats() { return stack.stats(); }
  }
}
