package io.psip.gateway.sip;

import io.psip.gateway.NodeStatus;
import io.psip.call.CallService;
import io.psip.sip.stack.SipStack;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

import java.util.function.BiFunction;

import java.util.function.Predicate;

/**
 * Runs the SIP stack. The stack lives on this verticle's event loop (one context, one UDP socket per port), so
 * exactly one instance is deployed. Deployment config: the {@code sip} section.
 */
public final class SipVerticle extends VerticleBase {
  private final String advertisedHost;
  private final Predicate<String> servedHost;
  private final NodeStatus status;
  private final BiFunction<Vertx, SipStack, CallService> calls;
  private SipStack stack;
  private CallService service;
  private long statsTimer = -1;
  static final long STATS_PERIOD_MS = 1000;

  /** @param calls attaches call handling (admission, the B2BUA) to the stack, on this verticle's context */
  public SipVerticle(String advertisedHost, Predicate<String> servedHost, NodeStatus status,
                     BiFunction<Vertx, SipStack, CallService> calls) {
    this.advertisedHost = advertisedHost;
    this.servedHost = servedHost;
    this.status = status;
    this.calls = calls;
  }

  /** This node's live calls, or null before start. */
  public CallService calls() { return service; }

  /** The stack's live counts, read on its context (the only thread that may touch it); fails before start. */
  public Future<SipStack.SipStackStats> stats() {
    SipStack s = stack;
    if (s == null) return Future.failedFuture("the SIP stack is not started");
    Promise<SipStack.SipStackStats> result = Promise.promise();
    context.runOnContext(v -> result.complete(s.stats()));
    return result.future();
  }

  @Override
  public Future<?> start() {
    stack = SipStack.create(vertx, SipStackSettings.toOptions(config(), advertisedHost, servedHost));
    service = calls.apply(vertx, stack);
    return stack.start().onSuccess(v -> {
      status.sipBound(stack.udpPort(), stack.tcpPort());
      if (status.metrics() != null) {
        // the stack is single-context: its counts are read here and handed to the scraper as a snapshot
        statsTimer = vertx.setPeriodic(STATS_PERIOD_MS, id -> status.metrics().sipStats(stack.stats()));
      }
    });
  }

  @Override
  public Future<?> stop() {
    status.sipUnbound(); // /health says DOWN before the sockets go
    if (statsTimer >= 0) vertx.cancelTimer(statsTimer);
    Future<Void> closed = service == null ? Future.succeededFuture() : service.close();
    return closed.eventually(() -> stack == null ? Future.succeededFuture() : stack.stop());
  }
}
