package io.psip.sip.transport.impl;

import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.codec.SipStreamDecoder;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * TCP: one decoder per connection, connections reused for responses (RFC 3261 §18.2.2) and for requests to the
 * same peer, an idle timeout, and a cap on the number of connections.
 */
public final class TcpTransport {
  private static final Logger log = LoggerFactory.getLogger(TcpTransport.class);

  private final Vertx vertx;
  private final SipMessageParser parser;
  private final InboundSink sink;
  private final int maxConnections;
  private final int idleTimeoutSeconds;
  private final Map<Long, Connection> byId = new HashMap<>();
  private final Map<String, Connection> byPeer = new HashMap<>();
  private final Map<String, Future<Connection>> connecting = new HashMap<>();
  private NetServer server;
  private NetClient client;
  private long nextId = 1;
  private int port = -1;

  private final class Connection {
    final long id;
    final NetSocket socket;
    final TransportAddress peer;
    final SipStreamDecoder decoder = new SipStreamDecoder(parser);
    final java.util.List<String> peerKeys = new java.util.ArrayList<>(2); // source address, and the name dialled

    Connection(long id, NetSocket socket, TransportAddress peer) {
      this.id = id;
      this.socket = socket;
      this.peer = peer;
    }

    void onData(Buffer data) {
      byte[] bytes = data.getBytes();
      decoder.decode(bytes, r -> Guard.run(() -> {
        if (r instanceof DecodeResult.Message m) {
          sink.onMessage(m.message(), peer, id);
        } else if (r instanceof DecodeResult.Failure f) {
          sink.onFailure(f.failure(), peer, id, f.closeConnection());
        } else if (r instanceof DecodeResult.KeepAlive k && k.ping()) {
          sink.onPing(peer, id);
        }
      }, peer));
    }
  }

  public TcpTransport(Vertx vertx, SipMessageParser parser, InboundSink sink, int maxConnections, int idleTimeoutSeconds) {
    this.vertx = vertx;
    this.parser = parser;
    this.sink = sink;
    this.maxConnections = maxConnections;
    this.idleTimeoutSeconds = idleTimeoutSeconds;
  }

  public Future<Void> listen(String host, int port) {
    server = vertx.createNetServer(new NetServerOptions().setIdleTimeout(idleTimeoutSeconds)
        .setIdleTimeoutUnit(TimeUnit.SECONDS).setTcpNoDelay(true).setReuseAddress(true));
    server.connectHandler(this::onAccept);
    client = vertx.createNetClient(new NetClientOptions().setIdleTimeout(idleTimeoutSeconds)
        .setIdleTimeoutUnit(TimeUnit.SECONDS).setTcpNoDelay(true).setConnectTimeout(5000));
    return server.listen(port, host).map(s -> {
      this.port = s.actualPort();
      return null;
    });
  }

  public int port() { return port; }

  public int connections() { return byId.size(); }

  private void onAccept(NetSocket socket) {
    if (byId.size() >= maxConnections) {
      log.warn("TCP connection from {} refused: {} connections open (sip.tcp_max_connections)",
          socket.remoteAddress(), byId.size());
      socket.close();
      return;
    }
    register(socket);
  }

  private Connection register(NetSocket socket) {
    TransportAddress peer = new TransportAddress(Transport.TCP, socket.remoteAddress().hostAddress(), socket.remoteAddress().port());
    Connection c = new Connection(nextId++, socket, peer);
    byId.put(c.id, c);
    alias(c, peer.hostPort());
    socket.handler(c::onData);
    socket.exceptionHandler(e -> log.debug("TCP connection {} error: {}", peer, e.toString()));
    socket.closeHandler(v -> {
      byId.remove(c.id);
      for (String k : c.peerKeys) byPeer.remove(k, c);
    });
    return c;
  }

  /** Writes on an open connection only; does nothing when it has closed. */
  public void sendIfOpen(byte[] bytes, long connectionId) {
    Connection c = byId.get(connectionId);
    if (c != null) c.socket.write(Buffer.buffer(bytes));
  }

  private void alias(Connection c, String key) {
    byPeer.put(key, c);
    if (!c.peerKeys.contains(key)) c.peerKeys.add(key);
  }

  /** Writes on the given connection when it is still open, else on any connection to (or a new one towards) host:port. */
  public Future<Void> send(byte[] bytes, long connectionId, String host, int port) {
    Connection c = connectionId >= 0 ? byId.get(connectionId) : null;
    if (c != null) return c.socket.write(Buffer.buffer(bytes));
    return connection(host, port).compose(conn -> conn.socket.write(Buffer.buffer(bytes)));
  }

  private Future<Connection> connection(String host, int port) {
    String key = new TransportAddress(Transport.TCP, host, port).hostPort();
    Connection c = byPeer.get(key);
    if (c != null) return Future.succeededFuture(c);
    Future<Connection> pending = connecting.get(key);
    if (pending != null) return pending;
    if (byId.size() >= maxConnections) return Future.failedFuture("too many TCP connections (sip.tcp_max_connections)");
    Promise<Connection> p = Promise.promise();
    connecting.put(key, p.future());
    client.connect(port, host).onComplete(ar -> {
      connecting.remove(key);
      if (ar.succeeded()) {
        Connection conn = register(ar.result());
        alias(conn, key);
        p.complete(conn);
      } else {
        p.fail(ar.cause());
      }
    });
    return p.future();
  }

  /** Closes a connection once what was written is flushed (after a framing error). */
  public void close(long connectionId) {
    Connection c = byId.get(connectionId);
    if (c != null) c.socket.close();
  }

  public Future<Void> close() {
    Future<Void> f = server == null ? Future.succeededFuture() : server.close();
    for (Connection c : byId.values().toArray(new Connection[0])) c.socket.close();
    return f.compose(v -> client == null ? Future.succeededFuture() : client.close());
  }
}
