package io.psip.sip.transport.impl;

import io.psip.sip.codec.ParseFailure;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipMessage;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** UDP sends on real loopback sockets: IP literals go straight to the channel, names through Vert.x. */
class UdpSendTest {
  private final Vertx vertx = Vertx.vertx();
  private final LinkedBlockingQueue<DatagramPacket> received = new LinkedBlockingQueue<>();

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  @Test
  void literalsAreSentFromTheListeningSocket() throws Exception {
    UdpTransport udp = transport(false, "127.0.0.1");
    int peer = peer(false, "127.0.0.1");

    await(onContext(udp, () -> udp.send(bytes("one"), "127.0.0.1", peer)));
    DatagramPacket p = received.poll(10, TimeUnit.SECONDS);
    assertThat(p.data().toString(StandardCharsets.UTF_8)).isEqualTo("one");
    assertThat(p.sender().hostAddress()).isEqualTo("127.0.0.1");
    assertThat(p.sender().port()).isEqualTo(udp.port()); // from psip's socket, so replies come back to it

    await(udp.send(bytes("two"), "127.0.0.1", peer)); // off the context too (Netty hops to the loop)
    assertThat(received.poll(10, TimeUnit.SECONDS).data().toString(StandardCharsets.UTF_8)).isEqualTo("two");
  }

  @Test
  void ipv6LiteralsWithAndWithoutBrackets() throws Exception {
    UdpTransport udp = transport(true, "::1");
    int peer = peer(true, "::1");

    for (String host : new String[] {"::1", "[::1]", "0:0:0:0:0:0:0:1"}) {
      await(onContext(udp, () -> udp.send(bytes(host), host, peer)));
      DatagramPacket p = received.poll(10, TimeUnit.SECONDS);
      assertThat(p.data().toString(StandardCharsets.UTF_8)).isEqualTo(host);
      assertThat(p.sender().port()).isEqualTo(udp.port());
    }
  }

  @Test
  void hostNamesStillGoThroughVertx() throws Exception {
    UdpTransport udp = transport(false, "127.0.0.1");
    int peer = peer(false, "127.0.0.1");
    assertThat(udp.literal("localhost", peer)).isNull();

    await(onContext(udp, () -> udp.send(bytes("named"), "localhost", peer)));
    DatagramPacket p = received.poll(10, TimeUnit.SECONDS);
    assertThat(p.data().toString(StandardCharsets.UTF_8)).isEqualTo("named");
    assertThat(p.sender().port()).isEqualTo(udp.port());
  }

  @Test
  void literalAddressesAreParsedOnceAndKeptPerPort() throws Exception {
    UdpTransport udp = transport(false, "127.0.0.1");
    InetSocketAddress a = udp.literal("192.0.2.10", 5060);
    assertThat(a.getAddress().getHostAddress()).isEqualTo("192.0.2.10");
    assertThat(a.getPort()).isEqualTo(5060);
    assertThat(a.isUnresolved()).isFalse();
    assertThat(udp.literal("192.0.2.10", 5060)).isSameAs(a);
    assertThat(udp.literal("192.0.2.10", 5070).getPort()).isEqualTo(5070);
    assertThat(udp.literal("[2001:db8::1]", 5060).getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(udp.literal("2001:db8::1", 5060).getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(udp.literal("fe80::1%lo", 5060)).isNull(); // a scope: left to Vert.x
    assertThat(udp.literal("pbx.example.com", 5060)).isNull();
    assertThat(udp.literal("192.0.2.300", 5060)).isNull();
  }

  @Test
  void aFailedWriteFailsTheFutureOnTheContext() throws Exception {
    UdpTransport udp = transport(false, "127.0.0.1");
    CompletableFuture<Boolean> onContext = new CompletableFuture<>();
    // an IPv6 destination from an IPv4 socket: the kernel refuses the write
    Future<Void> sent = onContext(udp, () -> udp.send(bytes("x"), "::1", 5060)
        .onComplete(ar -> onContext.complete(Vertx.currentContext() != null && Context.isOnEventLoopThread())));
    assertThat(sent.toCompletionStage().toCompletableFuture()).failsWithin(10, TimeUnit.SECONDS);
    assertThat(onContext.get(10, TimeUnit.SECONDS)).isTrue();
  }

  private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  /** A transport listening on a verticle-like context, as the stack's is. */
  private UdpTransport transport(boolean ipv6, String host) throws Exception {
    CompletableFuture<UdpTransport> ready = new CompletableFuture<>();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      UdpTransport udp = new UdpTransport(vertx, new SipMessageParser(), new NoSink(), 1 << 20, 1 << 20, ipv6);
      udp.listen(host, 0).onSuccess(x -> ready.complete(udp)).onFailure(ready::completeExceptionally);
    });
    UdpTransport udp = ready.get(10, TimeUnit.SECONDS);
    assertThat(udp.sendsDirect()).isTrue(); // else the tests below would only exercise Vert.x's path
    contexts.put(udp, context);
    return udp;
  }

  private final java.util.Map<UdpTransport, Context> contexts = new java.util.HashMap<>();

  private Future<Void> onContext(UdpTransport udp, java.util.function.Supplier<Future<Void>> send) throws Exception {
    CompletableFuture<Future<Void>> f = new CompletableFuture<>();
    contexts.get(udp).runOnContext(v -> f.complete(send.get()));
    return f.get(10, TimeUnit.SECONDS);
  }

  private int peer(boolean ipv6, String host) throws Exception {
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(ipv6));
    socket.handler(received::add);
    return await(socket.listen(0, host)).localAddress().port();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static final class NoSink implements InboundSink {
    @Override public void onMessage(SipMessage message, TransportAddress source, long connectionId) {}
    @Override public void onFailure(ParseFailure failure, TransportAddress source, long connectionId, boolean closeAfterReply) {}
    @Override public void onPing(TransportAddress source, long connectionId) {}
  }
}
