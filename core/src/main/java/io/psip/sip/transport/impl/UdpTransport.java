package io.psip.sip.transport.impl;

import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One UDP socket per port, read on the stack's event loop. One socket (rather than SO_REUSEPORT sockets on several
 * loops) keeps every transaction on one context: a response always arrives where its request was sent from.
 */
public final class UdpTransport {
  private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);
  /** Read buffer per datagram: the largest UDP payload (65,507 bytes over IPv4, 65,527 over IPv6) fits. */
  static final int READ_BUFFER_BYTES = 65_536;
  /** Peers whose address is kept: enough for a busy node's trunks; past it the cache starts over. */
  static final int ADDRESS_CACHE_SIZE = 4096;

  private final Vertx vertx;
  private final SipMessageParser parser;
  private final InboundSink sink;
  private final DatagramSocketOptions options;
  private DatagramSocket socket;
  /** The socket's Netty channel and the context it runs on; null channel: every send goes through Vert.x. */
  private Channel channel;
  private ContextInternal context;
  /** IP literal as given (any form) → its socket address at the port last sent to. */
  private final Map<String, InetSocketAddress> literals = new ConcurrentHashMap<>();
  private volatile int port = -1; // volatile: the overload guard's thread reads it for the queue probe
  private volatile String host;
  private volatile UdpQueueProbe probe;
  /** No probe from now on: its socket could not be opened (warned once), or the transport is closed. */
  private volatile boolean probeOff;

  public UdpTransport(Vertx vertx, SipMessageParser parser, InboundSink sink, int receiveBuffer, int sendBuffer, boolean ipv6) {
    this.vertx = vertx;
    this.parser = parser;
    this.sink = sink;
    this.options = new DatagramSocketOptions().setReceiveBufferSize(receiveBuffer).setSendBufferSize(sendBuffer).setIpV6(ipv6);
  }

  public Future<Void> listen(String host, int port) {
    socket = vertx.createDatagramSocket(options);
    if (boundReadBuffer(socket) && field(socket, "metrics") == null
        && field(socket, "context") instanceof ContextInternal c) { // else every send goes through Vert.x
      context = c;
      channel = channelOf(socket);
    }
    socket.handler(this::onPacket);
    socket.exceptionHandler(e -> log.warn("UDP socket error: {}", e.toString()));
    return socket.listen(port, host).map(s -> {
      this.host = host;
      this.port = s.localAddress().port();
      return null;
    });
  }

  public int port() { return port; }

  /**
   * How long a datagram waits in this socket's queue before it is read, in milliseconds ({@link UdpQueueProbe}; the
   * probe's socket is opened on the first call); -1 before the first measurement or when not listening. From one
   * thread at a time, off the event loop.
   */
  public long queueWaitMs() {
    if (port < 0 || probeOff) return -1;
    UdpQueueProbe p = probe;
    if (p == null) {
      synchronized (this) {
        if (probeOff) return -1;
        if (probe == null) {
          try {
            probe = new UdpQueueProbe(new InetSocketAddress(host, port));
          } catch (IOException | RuntimeException e) {
            // once: the guard asks every 100 ms, and a socket that cannot be opened now will not be later
            probeOff = true;
            log.warn("UDP: cannot open the queue probe's socket ({}); the overload guard cannot see the queue", e.toString());
            return -1;
          }
        }
        p = probe;
      }
    }
    return p.waitMs();
  }

  /**
   * Vert.x sizes the buffer it reads <em>each datagram</em> into to the socket's receive buffer
   * ({@code FixedRecvByteBufAllocator(receiveBufferSize)} in its transport): with the 8 MiB {@code SO_RCVBUF} psip asks
   * for, every datagram allocated and zeroed an 8 MiB direct buffer outside the pool — about 1 ms of the event loop per
   * datagram, which capped a node near 100 calls/s (bench/load.sh B1). The kernel buffer stays as configured; only the
   * per-read buffer is set back to {@link #READ_BUFFER_BYTES}. {@code DatagramSocketImpl} keeps its Netty channel
   * private, so it is reached by reflection before the socket is bound; if a Vert.x upgrade moves it, this logs a
   * warning and the socket works as before (slowly).
   */
  static boolean boundReadBuffer(DatagramSocket socket) {
    try {
      Channel channel = channelOf(socket);
      if (channel == null) throw new IllegalStateException("no Netty channel in " + socket.getClass().getName());
      channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(READ_BUFFER_BYTES));
      return true;
    } catch (RuntimeException e) {
      log.warn("UDP: cannot bound the per-datagram read buffer ({}); each datagram is read into a buffer as large as "
          + "the socket's receive buffer", e.toString());
      return false;
    }
  }

  /** {@code DatagramSocketImpl}'s private Netty channel, or null. */
  private static Channel channelOf(DatagramSocket socket) {
    return field(socket, "channel") instanceof Channel c ? c : null;
  }

  private static Object field(DatagramSocket socket, String name) {
    try {
      Field field = socket.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return field.get(socket);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private void onPacket(DatagramPacket packet) {
    UdpQueueProbe p = probe;
    if (p != null && p.mayBeProbe(packet.sender().port(), packet.data().length())) {
      p.echoed(packet.sender().hostAddress(), packet.data().getBytes());
      return;
    }
    TransportAddress source = new TransportAddress(Transport.UDP, packet.sender().hostAddress(), packet.sender().port());
    byte[] data = packet.data().getBytes();
    DecodeResult r = parser.parseDatagram(data);
    Guard.run(() -> {
      if (r instanceof DecodeResult.Message m) {
        sink.onMessage(m.message(), source, -1);
      } else if (r instanceof DecodeResult.Failure f) {
        sink.onFailure(f.failure(), source, -1, false);
      }
    }, source);
    // keep-alives over UDP need no answer (RFC 5626 §4.4.2 uses STUN there)
  }

  /**
   * Sends one datagram. Vert.x's {@code DatagramSocket.send(Buffer, port, host)} runs the host through its name
   * resolver on every call, even an IP literal (6.6% of the SIP loop at 800 calls/s, bench/README.md), and psip
   * sends almost only to literals: the source of a request, a Via's {@code received}, a Contact or Route with an
   * IP. So a literal (IPv4, IPv6, bracketed or not) is parsed once and written straight to the socket's Netty
   * channel, as Vert.x itself does after resolving; a name still goes through Vert.x. The future fails as Vert.x's
   * would (the transaction's 503 path) and completes on the socket's context. With a Vert.x metrics SPI (psip has
   * none) every send stays on Vert.x's path, which counts the bytes.
   */
  public Future<Void> send(byte[] bytes, String host, int port) {
    if (socket == null) return Future.failedFuture("UDP transport is not listening");
    InetSocketAddress recipient = channel == null ? null : literal(host, port);
    if (recipient == null) return socket.send(Buffer.buffer(bytes), port, host);
    PromiseInternal<Void> sent = context.promise();
    // a heap buffer, as Vert.x sends: Netty copies it to a (pooled) direct one for the write
    channel.writeAndFlush(new io.netty.channel.socket.DatagramPacket(Unpooled.wrappedBuffer(bytes), recipient))
        .addListener(sent);
    return sent.future();
  }

  /** Whether literals skip Vert.x's resolver (false only if a Vert.x upgrade hid the channel, or with metrics). */
  boolean sendsDirect() { return channel != null; }

  /** The socket address of an IP literal, or null for a host name (or a scoped IPv6 address: Vert.x keeps the scope). */
  InetSocketAddress literal(String host, int port) {
    InetSocketAddress cached = literals.get(host);
    if (cached != null && cached.getPort() == port) return cached;
    if (port < 0 || port > 65535) return null; // Vert.x's error
    InetAddress address;
    if (cached != null) {
      address = cached.getAddress();
    } else {
      if (host.indexOf('%') >= 0) return null;
      byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
      if (bytes == null) return null;
      try {
        address = InetAddress.getByAddress(bytes); // no lookup: the bytes are the address
      } catch (UnknownHostException e) {
        return null;
      }
    }
    InetSocketAddress recipient = new InetSocketAddress(address, port);
    if (literals.size() >= ADDRESS_CACHE_SIZE) literals.clear();
    literals.put(host, recipient);
    return recipient;
  }

  public Future<Void> close() {
    synchronized (this) { // a probe opened after this would never be closed
      probeOff = true;
      if (probe != null) probe.close();
    }
    return socket == null ? Future.succeededFuture() : socket.close();
  }
}
