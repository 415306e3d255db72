package io.psip.sip.transport.impl;

import io.netty.channel.Channel;
import io.netty.channel.RecvByteBufAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-datagram read buffer is 64 KiB whatever SO_RCVBUF is (Vert.x would size it to SO_RCVBUF: 8 MiB each). */
class UdpReadBufferTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void readBufferIsOneDatagramNotTheSocketBuffer() throws Exception {
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(8 << 20));
    assertThat(readBufferGuess(socket)).isEqualTo(8 << 20); // what Vert.x does by itself

    assertThat(UdpTransport.boundReadBuffer(socket)).isTrue();
    assertThat(readBufferGuess(socket)).isEqualTo(UdpTransport.READ_BUFFER_BYTES);

    // and the largest IPv4 datagram still arrives whole
    CompletableFuture<Integer> received = new CompletableFuture<>();
    socket.handler(p -> received.complete(p.data().length()));
    int port = socket.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .localAddress().port();
    DatagramSocket sender = vertx.createDatagramSocket(new DatagramSocketOptions().setSendBufferSize(1 << 20));
    sender.send(Buffer.buffer(new byte[65_507]), port, "127.0.0.1");
    assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(65_507);
  }

  private static int readBufferGuess(DatagramSocket socket) throws Exception {
    Field f = socket.getClass().getDeclaredField("channel");
    f.setAccessible(true);
    RecvByteBufAllocator a = ((Channel) f.get(socket)).config().getRecvByteBufAllocator();
    return a.newHandle().guess();
  }
}
