package io.psip.call.b2bua;

import io.psip.call.AdmittedCall;
import io.psip.call.CallEvents;
import io.psip.call.CallRegistry;
import io.psip.call.NccoRunner;
import io.psip.ncco.Ncco;
import io.psip.sip.message.Address;
import io.psip.sip.message.SipUri;
import io.psip.sip.stack.SipStack;
import io.psip.sip.transport.Transport;
import io.vertx.core.Vertx;

import java.util.Locale;

/** Runs admitted calls' NCCOs as a back-to-back user agent on one SIP stack (CONTRACT §5). */
public final class B2buaRunner implements NccoRunner {
  private final Bridge bridge;
  private final Targets targets;
  private final long budgetMs;

  /**
   * @param advertisedHost the host psip puts in Contact and in a From built from an NCCO {@code from}
   * @param trunk          {@code outbound.trunk} for phone endpoints, or null
   * @param budgetMs       how long a {@code notify} or synchronous event answer may take
   */
  public B2buaRunner(Vertx vertx, SipStack stack, CallEvents events, CallRegistry registry, String advertisedHost,
                     SipUri trunk, long budgetMs) {
    this.bridge = new Bridge(vertx, stack, events, registry, transport -> contact(advertisedHost, stack, transport));
    this.targets = new Targets(advertisedHost, trunk);
    this.budgetMs = budgetMs;
  }

  @Override
  public void run(AdmittedCall call, Ncco ncco) {
    new NccoSession(bridge, targets, call, ncco.actions(), budgetMs).proceed();
  }

  /** {@code <sip:host:port;transport=x>} for the transport a dialog uses, so in-dialog requests come back on it. */
  private static Address contact(String host, SipStack stack, Transport transport) {
    int port = transport == Transport.TCP ? stack.tcpPort() : stack.udpPort();
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return Address.of(SipUri.of(null, h, port).withParam("transport", transport.name().toLowerCase(Locale.ROOT)));
  }
}
