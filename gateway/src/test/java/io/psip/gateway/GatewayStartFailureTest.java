package io.psip.gateway;

import io.psip.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A port already taken fails the start with a message naming the address, and leaves nothing bound. */
class GatewayStartFailureTest {
  @TempDir
  Path data;

  @Test
  void httpPortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> env = TestConfigs.loopbackEnv(data);
      env.put("PSIP_HTTP_PORT", Integer.toString(taken.getLocalPort()));
      assertThatThrownBy(() -> start(env))
          .isInstanceOf(ExecutionException.class)
          .cause().hasMessageStartingWith("HTTP cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }

  @Test
  void sipPortInUse() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Map<String, String> env = TestConfigs.loopbackEnv(data);
      env.put("PSIP_SIP_PORT", Integer.toString(taken.getLocalPort()));
      assertThatThrownBy(() -> start(env))
          .isInstanceOf(ExecutionException.class)
          .cause().message().contains(Integer.toString(taken.getLocalPort()));
    }
  }

  @Test
  void aFailedStartReleasesWhatItBound() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      int httpPort;
      try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        httpPort = probe.getLocalPort();
      }
      Map<String, String> env = TestConfigs.loopbackEnv(data);
      env.put("PSIP_SIP_PORT", Integer.toString(taken.getLocalPort()));
      env.put("PSIP_HTTP_PORT", Integer.toString(httpPort));
      assertThatThrownBy(() -> start(env)).isInstanceOf(ExecutionException.class);
      // HTTP had bound before SIP failed: it must be free again
      try (ServerSocket again = new ServerSocket(httpPort, 50, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).isEqualTo(httpPort);
      }
    }
  }

  private static Gateway start(Map<String, String> env) throws Exception {
    return Gateway.start(TestConfigs.load(env)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
