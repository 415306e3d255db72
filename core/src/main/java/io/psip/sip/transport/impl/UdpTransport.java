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
import io.netty.channel.Channel;
import io.netty.channel.FixedRecvByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * One UDP socket per port, read on the stack's event loop. One socket (rather than SO_REUSEPORT sockets on several
 * loops) keeps every transaction on one context: a response always arrives where its request was sent from.
 */
public final class UdpTransport {
  private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);
  /** Read buffer per datagram: the largest UDP payload (65,507 bytes over IPv4, 65,527 over IPv6) fits. */
  static final int READ_BUFFER_BYTES = 65_536;

  private final Vertx vertx;
  private final SipMessageParser parser;
  private final InboundSink sink;
  private final DatagramSocketOptions options;
  private DatagramSocket socket;
  private int port = -1;

  public UdpTransport(Vertx vertx, SipMessageParser parser, InboundSink sink, int receiveBuffer, int sendBuffer, boolean ipv6) {
    this.vertx = vertx;
    this.parser = parser;
    this.sink = sink;
    this.options = new DatagramSocketOptions().setReceiveBufferSize(receiveBuffer).setSendBufferSize(sendBuffer).setIpV6(ipv6);
  }

  public Future<Void> listen(String host, int port) {
    socket = vertx.createDatagramSocket(options);
    boundReadBuffer(socket);
    socket.handler(this::onPacket);
    socket.exceptionHandler(e -> log.warn("UDP socket error: {}", e.toString()));
    return socket.listen(port, host).map(s -> {
      this.port = s.localAddress().port();
      return null;
    });
  }

  public int port() { return port; }

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
      Field field = socket.getClass().getDeclaredField("channel");
      field.setAccessible(true);
      Channel channel = (Channel) field.get(socket);
      channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(READ_BUFFER_BYTES));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("UDP: cannot bound the per-datagram read buffer ({}); each datagram is read into a buffer as large as "
          + "the socket's receive buffer", e.toString());
      return false;
    }
  }

  private void onPacket(DatagramPacket packet) {
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

  public Future<Void> send(byte[] bytes, String host, int port) {
    if (socket == null) return Future.failedFuture("UDP transport is not listening");
    return socket.send(Buffer.buffer(bytes), port, host);
  }

  public Future<Void> close() {
    return socket == null ? Future.succeededFuture() : socket.close();
  }
}
