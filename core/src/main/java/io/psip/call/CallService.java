package io.psip.call;

import io.psip.auth.AuthChain;
import io.psip.bus.CallControl;
import io.psip.call.b2bua.B2buaRunner;
import io.psip.directory.Directory;
import io.psip.routing.CallRouter;
import io.psip.sip.message.SipUri;
import io.psip.sip.stack.SipStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Calls on one SIP stack: admission for new INVITEs, the B2BUA for admitted ones, in-dialog dispatch, and the
 * hangup command of this node's control address. Attach it on the stack's context, before the stack starts.
 */
public final class CallService {
  private static final Logger log = LoggerFactory.getLogger(CallService.class);

  /**
   * @param advertisedHost     host in Contact and in NCCO-{@code from} Froms
   * @param node               this node's id (records, control address)
   * @param trunk              {@code outbound.trunk}, or null
   * @param maxCalls           calls this node carries at once
   * @param maxCallsPerAccount calls one account may have at once on this node
   * @param answerBudgetMs     the longest a caller waits for an application's answer
   * @param overloadLagMs      SIP event-loop lag at which new calls get 503 ({@link OverloadGuard}); 0 = never
   * @param overloadQueueMs    how long datagrams wait in the UDP socket's queue before new calls get 503; 0 = never
   */
  public record Options(String advertisedHost, String node, SipUri trunk, int maxCalls, int maxCallsPerAccount,
                        long answerBudgetMs, long overloadLagMs, long overloadQueueMs) {}

  private final CallRegistry registry;
  private final MessageConsumer<JsonObject> control;
  private final OverloadGuard overload;

  private CallService(CallRegistry registry, MessageConsumer<JsonObject> control, OverloadGuard overload) {
    this.registry = registry;
    this.control = control;
    this.overload = overload;
  }

  /** The SIP context's overload state (metrics). */
  public OverloadGuard overload() { return overload; }

  public static CallService attach(Vertx vertx, SipStack stack, Options options, CallRouter router, AuthChain chain,
                                   Directory directory, CallRecorder recorder) {
    CallRegistry registry = new CallRegistry(options.maxCalls(), options.maxCallsPerAccount());
    CallEvents events = new CallEvents(vertx.eventBus(), Clock.systemUTC(), recorder, options.node());
    B2buaRunner runner = new B2buaRunner(vertx, stack, events, registry, options.advertisedHost(), options.trunk(),
        options.answerBudgetMs());
    OverloadGuard overload = new OverloadGuard(vertx, options.overloadLagMs(), stack::udpQueueWaitMs,
        options.overloadQueueMs());
    stack.requestHandler(new CallAdmission(router, chain, directory, vertx.eventBus(), events, runner, registry,
        options.answerBudgetMs()).overloadGuard(overload));
    stack.ackHandler(registry::dispatchAck); // unmatched ACKs are retransmissions: dropped (RFC 3261 §17.2.3)
    stack.strayResponseHandler(registry::dispatchStrayResponse);
    MessageConsumer<JsonObject> control = vertx.eventBus().consumer(CallControl.address(options.node()), message -> {
      CallControl command;
      try {
        command = CallControl.fromJson(message.body());
      } catch (IllegalArgumentException e) {
        message.fail(400, e.getMessage());
        return;
      }
      if (!CallControl.HANGUP.equals(command.action())) {
        message.fail(400, "unsupported call action: " + command.action());
        return;
      }
      boolean found = registry.hangup(command.uuid());
      log.info("hangup of {} requested: {}", command.uuid(), found ? "hanging up" : "no such live call here");
      message.reply(new JsonObject().put("result", found ? CallControl.OK : CallControl.NOT_FOUND));
    });
    return new CallService(registry, control, overload);
  }

  public CallRegistry registry() { return registry; }

  public Future<Void> close() {
    overload.close();
    return control.unregister();
  }
}
