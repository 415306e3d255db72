package io.psip.sip.stack.impl;

import io.psip.sip.codec.ParseFailure;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.MessageBuilder;
import io.psip.sip.message.SipHeader;
import io.psip.sip.message.SipMessage;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.message.SipSyntaxException;
import io.psip.sip.message.SipUri;
import io.psip.sip.message.Via;
import io.psip.sip.stack.SipStack;
import io.psip.sip.stack.SipStackOptions;
import io.psip.sip.transaction.ClientTransaction;
import io.psip.sip.transaction.ServerTransaction;
import io.psip.sip.transaction.TimerSettings;
import io.psip.sip.transaction.impl.ClientTransactionImpl;
import io.psip.sip.transaction.impl.InviteClientTransaction;
import io.psip.sip.transaction.impl.InviteServerTransaction;
import io.psip.sip.transaction.impl.NonInviteClientTransaction;
import io.psip.sip.transaction.impl.NonInviteServerTransaction;
import io.psip.sip.transaction.impl.Outbound;
import io.psip.sip.transaction.impl.Releasable;
import io.psip.sip.transaction.impl.TimerHandle;
import io.psip.sip.transaction.impl.ServerTransactionImpl;
import io.psip.sip.transaction.impl.TransactionHost;
import io.psip.sip.transaction.impl.TransactionKeys;
import io.psip.sip.transport.InboundMessage;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import io.psip.sip.transport.impl.InboundSink;
import io.psip.sip.transport.impl.TcpTransport;
import io.psip.sip.transport.impl.UdpTransport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The stack: inbound dispatch (§17.1.3, §17.2.3 matching before anything else), policy, and the transaction host. */
public class SipStackImpl implements SipStack, InboundSink, TransactionHost {
  private static final Logger log = LoggerFactory.getLogger(SipStack.class);

  private final Vertx vertx;
  private final SipStackOptions options;
  private final RequestPolicy policy;
  private final Map<String, ServerTransactionImpl> serverTx = new HashMap<>();
  private final Map<String, ClientTransactionImpl> clientTx = new HashMap<>();
  private final Map<String, InviteServerTransaction> pendingAcks = new HashMap<>();
  private final Map<String, ServerTransactionImpl> ongoing = new HashMap<>(); // out-of-dialog, by TransactionKeys.merged
  private final Set<Long> timers = new HashSet<>();
  private final List<Releasable> toRelease = new ArrayList<>();
  private final TimerWheel wheel = new TimerWheel(System.nanoTime());
  private long wheelTimer = -1;
  private Context context;
  private UdpTransport udp;
  private TcpTransport tcp;
  private Handler<ServerTransaction> requestHandler;
  private Handler<InboundMessage> ackHandler;
  private Handler<InboundMessage> strayResponseHandler;
  private long received;
  private long parseFailures;
  private long absorbed;

  public SipStackImpl(Vertx vertx, SipStackOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.policy = new RequestPolicy(options.getSupportedOptions());
  }

  @Override
  public SipStack requestHandler(Handler<ServerTransaction> handler) {
    this.requestHandler = handler;
    return this;
  }

  @Override
  public SipStack ackHandler(Handler<InboundMessage> handler) {
    this.ackHandler = handler;
    return this;
  }

  @Override
  public SipStack strayResponseHandler(Handler<InboundMessage> handler) {
    this.strayResponseHandler = handler;
    return this;
  }

  @Override
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    String where = options.getHost() + ":" + options.getPort();
    return bind(1).recover(e -> {
      Future<Void> closing = stop();
      return closing.transform(x -> Future.failedFuture("cannot listen for SIP on " + where + ": " + e.getMessage()));
    });
  }

  /**
   * Binds UDP, then TCP on the same port (RFC 3261 §18: one number serves both). With port 0 the port UDP was given
   * may be taken for TCP by someone else: then both are closed and another free port is tried.
   */
  private Future<Void> bind(int attempt) {
    SipMessageParser parser = new SipMessageParser(options.getCodec());
    boolean ipv6 = options.getHost().indexOf(':') >= 0;
    Future<Void> f = Future.succeededFuture();
    if (options.isUdpEnabled()) {
      udp = new UdpTransport(vertx, parser, this, options.getUdpReceiveBufferBytes(), options.getUdpSendBufferBytes(), ipv6);
      f = udp.listen(options.getHost(), options.getPort());
    }
    if (options.isTcpEnabled()) {
      tcp = new TcpTransport(vertx, parser, this, options.getMaxTcpConnections(), options.getTcpIdleTimeoutSeconds());
      f = f.compose(v -> tcp.listen(options.getHost(), udp != null ? udp.port() : options.getPort()));
    }
    boolean ephemeralPair = options.getPort() == 0 && options.isUdpEnabled() && options.isTcpEnabled();
    if (!ephemeralPair || attempt >= EPHEMERAL_BIND_ATTEMPTS) return f;
    return f.recover(e -> stop().compose(v -> bind(attempt + 1)));
  }

  /** How many ephemeral UDP ports are tried for a TCP listener on the same number. */
  static final int EPHEMERAL_BIND_ATTEMPTS = 10;

  @Override
  public Future<Void> stop() {
    for (Long id : timers) vertx.cancelTimer(id);
    timers.clear();
    if (wheelTimer >= 0) vertx.cancelTimer(wheelTimer);
    wheelTimer = -1;
    wheel.clear();
    serverTx.clear();
    toRelease.clear();
    ongoing.clear();
    clientTx.clear();
    pendingAcks.clear();
    Future<Void> a = udp == null ? Future.succeededFuture() : udp.close();
    Future<Void> b = tcp == null ? Future.succeededFuture() : tcp.close();
    return Future.join(a, b).mapEmpty();
  }

  @Override
  public int udpPort() { return udp == null ? -1 : udp.port(); }

  @Override
  public int tcpPort() { return tcp == null ? -1 : tcp.port(); }

  @Override
  public long udpQueueWaitMs() { return udp == null ? -1 : udp.queueWaitMs(); }

  // ---- inbound ---------------------------------------------------------------------------------------------

  @Override
  public void onMessage(SipMessage message, TransportAddress source, long connectionId) {
    received++;
    if (message instanceof SipResponse resp) {
      onResponse(resp, source, connectionId);
    } else {
      onRequest((SipRequest) message, source, connectionId);
    }
  }

  private void onResponse(SipResponse resp, TransportAddress source, long connectionId) {
    String key = TransactionKeys.client(resp);
    ClientTransactionImpl tx = key == null ? null : clientTx.get(key);
    if (tx != null) {
      tx.onResponse(resp);
    } else if (strayResponseHandler != null) {
      strayResponseHandler.handle(new InboundMessage(resp, source, connectionId));
    } else {
      log.debug("response {} from {} matches no transaction: dropped", resp.summary(), source);
    }
  }

  private void onRequest(SipRequest req, TransportAddress source, long connectionId) {
    String method = req.method();
    String key = TransactionKeys.server(req);
    if (method.equals("ACK")) {
      onAck(req, key, source, connectionId);
      return;
    }
    ServerTransactionImpl existing = serverTx.get(key);
    if (existing != null) {
      absorbed++;
      existing.onRetransmission(req);
      return;
    }
    ServerTransactionImpl tx = method.equals("INVITE")
        ? new InviteServerTransaction(this, req, source, connectionId, key)
        : new NonInviteServerTransaction(this, req, source, connectionId, key);
    serverTx.put(key, tx);
    // RFC 3261 §8.2.2.2: the same request arriving by a second path (a forking proxy upstream) is a loop
    String mergeKey = TransactionKeys.merged(req);
    if (mergeKey != null) {
      tx.mergeKey(mergeKey);
      ServerTransactionImpl first = ongoing.putIfAbsent(mergeKey, tx);
      if (first != null) {
        reject(tx, new RequestPolicy.Rejection(482, "merged request: already handled via another branch", List.of()));
        return;
      }
    }
    RequestPolicy.Rejection rejection = policy.check(req);
    if (rejection != null) {
      reject(tx, rejection);
      return;
    }
    if (method.equals("CANCEL")) {
      onCancel(req, tx);
      return;
    }
    if (method.equals("INVITE")) tx.respond(tx.createResponse(100).build()); // RFC 3261 §17.2.1: at once
    if (method.equals("OPTIONS") && options.serves(((SipUri) req.requestUri()).hostName())) {
      answerOptions(tx);
      return;
    }
    dispatch(tx);
  }

  private void reject(ServerTransactionImpl tx, RequestPolicy.Rejection r) {
    SipRequest req = tx.request();
    log.info("rejected {} from {}: {} {}", req.summary(), tx.source(), r.status(), r.reason());
    MessageBuilder.ResponseBuilder b = tx.createResponse(r.status()).warning(options.getWarningAgent(), r.reason());
    for (String[] h : r.headers()) b.add(h[0], h[1]);
    tx.respond(b.build());
  }

  // RFC 3261 §11.2: the answer a UAS would give to an INVITE, here 200
  private void answerOptions(ServerTransactionImpl tx) {
    MessageBuilder.ResponseBuilder b = tx.createResponse(200)
        .add(HeaderNames.ALLOW, RequestPolicy.ALLOW)
        .add(HeaderNames.ACCEPT, RequestPolicy.ACCEPT)
        .add(HeaderNames.ACCEPT_ENCODING, "identity")
        .add(HeaderNames.ACCEPT_LANGUAGE, "en")
        .add(HeaderNames.SUPPORTED, String.join(", ", options.getSupportedOptions()))
        .add(HeaderNames.SERVER, options.getAgent());
    tx.respond(b.build());
  }

  private void dispatch(ServerTransactionImpl tx) {
    if (requestHandler == null) {
      tx.respond(503, "no request handler");
      return;
    }
    try {
      requestHandler.handle(tx);
    } catch (RuntimeException e) {
      log.error("request handler failed on {}", tx.request().summary(), e);
      if (!tx.isCompleted()) tx.respond(500, "internal error");
    }
  }

  // RFC 3261 §9.2: 200 to the CANCEL, 487 to the INVITE; 481 when there is no such INVITE
  private void onCancel(SipRequest cancel, ServerTransactionImpl cancelTx) {
    ServerTransactionImpl invite = serverTx.get(TransactionKeys.cancelled(cancel));
    if (!(invite instanceof InviteServerTransaction)) {
      cancelTx.respond(481, "no transaction to cancel");
      return;
    }
    // RFC 3261 §9.2: the 200 to the CANCEL carries the To tag of the INVITE's responses
    cancelTx.respond(SipResponse.to(cancel, 200).toTag(invite.localTag()).build());
    invite.onCancel(cancel);
  }

  private void onAck(SipRequest ack, String key, TransportAddress source, long connectionId) {
    ServerTransactionImpl tx = serverTx.get(key);
    if (tx instanceof InviteServerTransaction invite && !invite.awaitingDialogAck()) {
      invite.onAck(ack); // ACK for a non-2xx final response (RFC 3261 §17.2.1): absorbed
      return;
    }
    InviteServerTransaction pending = pendingAcks.get(TransactionKeys.dialogAck(ack, ack.to().tag()));
    if (pending != null) {
      if (!pending.onDialogAck(ack)) absorbed++;
      return;
    }
    if (ackHandler != null) ackHandler.handle(new InboundMessage(ack, source, connectionId));
    else log.debug("ACK {} from {} matches no transaction: dropped", ack.summary(), source);
  }

  @Override
  public void onFailure(ParseFailure f, TransportAddress source, long connectionId, boolean closeAfterReply) {
    parseFailures++;
    if (!f.request() || "ACK".equals(f.method())) {
      // RFC 3261 §16.3 / §17: malformed responses are dropped, and an ACK is never answered
      log.debug("dropped malformed {} from {}: {}", f.request() ? "ACK" : "response", source, f.reason());
      if (closeAfterReply) tcp.close(connectionId);
      return;
    }
    log.info("malformed request from {}: {} {}", source, f.status(), f.reason());
    MessageBuilder.ResponseBuilder b = SipResponse.builder(f.status());
    List<Via> vias = new java.util.ArrayList<>();
    for (SipHeader h : f.headers()) {
      String c = HeaderNames.canonical(h.name());
      if (c.equals(HeaderNames.VIA)) {
        try {
          vias.addAll(Via.parseList(h.value()));
        } catch (SipSyntaxException e) {
          if (vias.isEmpty()) break; // the top Via is unusable: answer the packet's source
        }
      } else if (c.equals(HeaderNames.FROM) || c.equals(HeaderNames.TO) || c.equals(HeaderNames.CALL_ID)
          || c.equals(HeaderNames.CSEQ)) {
        if (b.get(c) == null) b.add(c, h.value());
      }
    }
    b.toTag(MessageBuilder.randomToken()).warning(options.getWarningAgent(), f.reason()).add(HeaderNames.SERVER, options.getAgent());
    if (!vias.isEmpty()) ViaStamp.restamp(b, vias, source);
    SipResponse resp = b.buildLenient();
    Via top = vias.isEmpty() ? null : vias.get(0);
    Future<Void> sent = send(resp.encode(), source.transport(), connectionId, source.host(),
        source.transport() == Transport.UDP ? ViaStamp.udpPort(top, source) : source.port());
    if (closeAfterReply) sent.onComplete(ar -> tcp.close(connectionId));
  }

  @Override
  public void onPing(TransportAddress source, long connectionId) {
    tcp.sendIfOpen(new byte[]{'\r', '\n'}, connectionId); // a pong never opens a connection
  }

  // ---- outbound --------------------------------------------------------------------------------------------

  @Override
  public ClientTransaction sendRequest(SipRequest request, TransportAddress destination) {
    String branch = MessageBuilder.newBranch();
    SipRequest withVia = addVia(request, destination.transport(), branch);
    String key = TransactionKeys.client(branch, withVia.method());
    ClientTransactionImpl tx = withVia.method().equals("INVITE")
        ? new InviteClientTransaction(this, withVia, destination, key, cancel -> sendCancel(cancel, destination))
        : new NonInviteClientTransaction(this, withVia, destination, key);
    clientTx.put(key, tx);
    tx.start();
    return tx;
  }

  private void sendCancel(SipRequest cancel, TransportAddress destination) {
    String key = TransactionKeys.client(cancel.topVia().branch(), "CANCEL");
    NonInviteClientTransaction tx = new NonInviteClientTransaction(this, cancel, destination, key);
    tx.responseHandler(r -> log.debug("CANCEL {} answered {}", cancel.callId(), r.status()));
    clientTx.put(key, tx);
    tx.start();
  }

  private SipRequest addVia(SipRequest request, Transport transport, String branch) {
    int port = transport == Transport.UDP ? udpPort() : tcpPort();
    Via via = new Via(transport.name(), options.getAdvertisedHost(), port,
        io.psip.sip.message.Parameters.EMPTY.with("branch", branch).with("rport", null));
    MessageBuilder.RequestBuilder b = request.toBuilder().addFirst(HeaderNames.VIA, via);
    if (request.maxForwards() < 0) b.add(HeaderNames.MAX_FORWARDS, 70);
    return b.build();
  }

  @Override
  public Future<Void> sendStateless(SipMessage message, TransportAddress destination) {
    return sendEncoded(encodeStateless(message, destination.transport()), destination);
  }

  @Override
  public byte[] encodeStateless(SipMessage message, Transport transport) {
    SipMessage out = message;
    if (message instanceof SipRequest req && req.topVia() == null) out = addVia(req, transport, MessageBuilder.newBranch());
    return out.encode();
  }

  @Override
  public Future<Void> sendEncoded(byte[] bytes, TransportAddress destination) {
    return send(bytes, destination.transport(), -1, destination.host(), destination.port());
  }

  private Future<Void> send(byte[] bytes, Transport transport, long connectionId, String host, int port) {
    if (transport == Transport.UDP) {
      return udp == null ? Future.failedFuture("UDP is disabled") : udp.send(bytes, host, port);
    }
    return tcp == null ? Future.failedFuture("TCP is disabled") : tcp.send(bytes, connectionId, host, port);
  }

  // ---- TransactionHost ---------------------------------------------------------------------------------------

  @Override
  public Outbound prepareResponse(SipResponse response, TransportAddress source, long connectionId) {
    Via top = response.topVia();
    SipResponse out = response;
    if (top != null && ViaStamp.stamp(top, source) != top) {
      MessageBuilder.ResponseBuilder b = response.toBuilder();
      ViaStamp.restamp(b, response.vias(), source);
      out = b.build();
    }
    if (source.transport() == Transport.UDP) {
      return new Outbound(out.encode(), Transport.UDP, -1, source.host(), ViaStamp.udpPort(top, source));
    }
    // RFC 3261 §18.2.2: the connection the request came on, else a new one to received and the sent-by port
    int port = top != null && top.port() >= 0 ? top.port() : 5060;
    return new Outbound(out.encode(), source.transport(), connectionId, source.host(), port);
  }

  @Override
  public Outbound prepareRequest(SipRequest request, TransportAddress destination) {
    return new Outbound(request.encode(), destination.transport(), -1, destination.host(), destination.port());
  }

  @Override
  public Future<Void> send(Outbound m) {
    return send(m.bytes(), m.transport(), m.connectionId(), m.host(), m.port());
  }

  @Override
  public void releaseLater(Releasable tx) {
    toRelease.add(tx);
    if (toRelease.size() == 1) (context != null ? context : vertx.getOrCreateContext()).runOnContext(v -> releaseNow());
  }

  private void releaseNow() {
    // a TU may release more while this runs: those wait for the next turn, scheduled by releaseLater
    List<Releasable> batch = new ArrayList<>(toRelease);
    toRelease.clear();
    for (Releasable tx : batch) tx.release();
  }

  /** Timers this long or longer go on the wheel; shorter ones (T1-based retransmissions) are Vert.x timers. */
  static final long WHEEL_MIN_MS = 2_000;

  @Override
  public TimerHandle setTimer(long delayMs, Runnable action) {
    if (delayMs >= WHEEL_MIN_MS) {
      if (wheelTimer < 0) wheelTimer = vertx.setPeriodic(TimerWheel.TICK_MS, id -> wheel.advance(System.nanoTime()));
      return wheel.schedule(System.nanoTime(), delayMs, action);
    }
    return new ShortTimer(delayMs, action);
  }

  /** A Vert.x timer, tracked so that {@link #stop()} cancels it and {@link #stats()} counts it. */
  private final class ShortTimer implements TimerHandle {
    private final long id;

    ShortTimer(long delayMs, Runnable action) {
      id = vertx.setTimer(Math.max(1, delayMs), t -> {
        timers.remove(t);
        action.run();
      });
      timers.add(id);
    }

    @Override
    public void cancel() {
      if (timers.remove(id)) vertx.cancelTimer(id);
    }
  }

  @Override
  public TimerSettings timers() { return options.getTimers(); }

  @Override
  public String agent() { return options.getAgent(); }

  @Override
  public String warningAgent() { return options.getWarningAgent(); }

  @Override
  public void terminated(ServerTransactionImpl tx) {
    serverTx.remove(tx.key(), tx);
    if (tx.mergeKey() != null) ongoing.remove(tx.mergeKey(), tx);
    if (tx instanceof InviteServerTransaction invite && invite.dialogAckKey() != null) {
      pendingAcks.remove(invite.dialogAckKey(), tx);
    }
  }

  @Override
  public void terminated(ClientTransactionImpl tx) {
    clientTx.remove(tx.key(), tx);
  }

  @Override
  public void awaitAck(InviteServerTransaction tx) {
    String key = TransactionKeys.dialogAck(tx.request(), tx.ackTag());
    tx.dialogAckKey(key);
    pendingAcks.put(key, tx);
  }

  @Override
  public SipStackStats stats() {
    return new SipStackStats(serverTx.size(), clientTx.size(), pendingAcks.size(), tcp == null ? 0 : tcp.connections(),
        timers.size() + wheel.live(), received, parseFailures, absorbed);
  }

  Context context() { return context; }
}
