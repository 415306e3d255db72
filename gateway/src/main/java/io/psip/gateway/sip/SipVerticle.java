package io.psip.gateway.sip;

import io.psip.gateway.NodeStatus;
import io.psip.sip.stack.SipStack;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.function.Predicate;

/**
 * Runs the SIP stack. The stack lives on this verticle's event loop (one context, one UDP socket per port), so
 * exactly one instance is deployed. Deployment config: the {@code sip} section.
 */
public final class SipVerticle extends VerticleBase {
  private final String advertisedHost;
  private final Predicate<String> servedHost;
  private final NodeStatus status;
  private SipStack stack;

  public SipVerticle(String advertisedHost, Predicate<String> servedHost, NodeStatus status) {
    this.advertisedHost = advertisedHost;
    this.servedHost = servedHost;
    this.status = status;
  }

  @Override
  public Future<?> start() {
    stack = SipStack.create(vertx, SipStackSettings.toOptions(config(), advertisedHost, servedHost))
        .requestHandler(new UnroutedRequestHandler(servedHost));
    return stack.start().onSuccess(v -> status.sipBound(stack.udpPort(), stack.tcpPort()));
  }

  @Override
  public Future<?> stop() {
    status.sipUnbound(); // /health says DOWN before the sockets go
    return stack == null ? Future.succeededFuture() : stack.stop();
  }
}
