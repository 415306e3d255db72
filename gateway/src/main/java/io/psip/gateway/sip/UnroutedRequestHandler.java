package io.psip.gateway.sip;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipUri;
import io.psip.sip.transaction.ServerTransaction;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Predicate;

/**
 * The request handler until call routing and admission exist: every request that reaches it gets a final answer at
 * once, with a {@code Warning: 399} an operator can read in a trace. The router of a later milestone replaces this
 * class; nothing else depends on it.
 */
public final class UnroutedRequestHandler implements Handler<ServerTransaction> {
  private static final Logger log = LoggerFactory.getLogger(UnroutedRequestHandler.class);

  private final Predicate<String> servedHost;

  public UnroutedRequestHandler(Predicate<String> servedHost) { this.servedHost = servedHost; }

  @Override
  public void handle(ServerTransaction tx) {
    SipRequest request = tx.request();
    int status;
    String warning;
    if (!(request.requestUri() instanceof SipUri uri)) {
      status = 416; // RFC 3261 §21.4.14
      warning = "only sip: and sips: Request-URIs are served";
    } else if (!servedHost.test(uri.hostName())) {
      status = 403; // never relayed: psip is not an open proxy
      warning = uri.host() + " is not served by this node";
    } else if (request.to() != null && request.to().tag() != null) {
      status = 481; // in-dialog, but there are no dialogs yet (RFC 3261 §12.2.2)
      warning = "no dialog matches this request";
    } else {
      status = 404;
      warning = "no application is routed for this Request-URI yet";
    }
    log.debug("{} from {} -> {} ({})", request.summary(), tx.source(), status, warning);
    tx.respond(status, warning);
  }
}
