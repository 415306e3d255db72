package io.psip.bench;

import io.psip.sip.codec.ParseFailure;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipMessage;
import io.psip.sip.transport.TransportAddress;
import io.psip.sip.transport.impl.InboundSink;
import io.psip.sip.transport.impl.UdpTransport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One SIP-sized datagram (the INVITE, ~900 bytes) to 127.0.0.1, sent on the socket's event loop as the stack does,
 * {@value #BATCH} per invocation (the score is per datagram; the loop waits for every send's future):
 * <ul>
 *   <li>{@code vertxSend}: Vert.x's {@code DatagramSocket.send(Buffer, port, host)}, what {@code UdpTransport.send}
 *   was: the host goes through Vert.x's resolver every time;</li>
 *   <li>{@code psip}: {@link UdpTransport#send} now (a parsed, cached literal, written to the Netty channel).</li>
 * </ul>
 * The receiver is a socket nobody reads (the kernel drops what overflows), so only the sending side costs CPU.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UdpSendBenchmark {
  static final int BATCH = 100;

  Vertx vertx;
  Context context;
  UdpTransport udp;
  DatagramSocket plain;
  DatagramChannel sink;
  int sinkPort;
  byte[] datagram;

  @Setup
  public void setup() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    sink = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    sinkPort = ((InetSocketAddress) sink.getLocalAddress()).getPort();
    datagram = Messages.INVITE;
    udp = onContext(() -> {
      UdpTransport t = new UdpTransport(vertx, new SipMessageParser(), new NoSink(), 1 << 20, 1 << 20, false);
      return t.listen("127.0.0.1", 0).map(t);
    });
    plain = onContext(() -> {
      DatagramSocket s = vertx.createDatagramSocket(new DatagramSocketOptions().setSendBufferSize(1 << 20));
      return s.listen(0, "127.0.0.1");
    });
  }

  @TearDown
  public void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    sink.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object vertxSend() throws Exception {
    return onContext(() -> batch(() -> plain.send(Buffer.buffer(datagram), sinkPort, "127.0.0.1")));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object psip() throws Exception {
    return onContext(() -> batch(() -> udp.send(datagram, "127.0.0.1", sinkPort)));
  }

  private static Future<Object> batch(Supplier<Future<Void>> send) {
    Future<?>[] sent = new Future<?>[BATCH];
    for (int i = 0; i < BATCH; i++) sent[i] = send.get();
    return Future.join(java.util.Arrays.asList(sent)).map(x -> x);
  }

  private <T> T onContext(Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> action.get().onComplete(ar -> {
      if (ar.succeeded()) done.complete(ar.result());
      else done.completeExceptionally(ar.cause());
    }));
    return done.get(10, TimeUnit.SECONDS);
  }

  private static final class NoSink implements InboundSink {
    @Override public void onMessage(SipMessage message, TransportAddress source, long connectionId) {}
    @Override public void onFailure(ParseFailure failure, TransportAddress source, long connectionId, boolean closeAfterReply) {}
    @Override public void onPing(TransportAddress source, long connectionId) {}
  }
}
