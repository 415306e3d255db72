package io.psip.gateway.it;

import io.psip.gateway.testing.SipWire;
import io.psip.sip.message.SipResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fat jar as an operator runs it: a separate JVM started with {@code java -jar}, configured through
 * {@code PSIP_*} variables, stopped with SIGTERM.
 */
class GatewayJarIT {
  private static final Path JAR = Path.of(System.getProperty("psip.jar", "target/psip-gateway.jar"));
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir
  Path dir;

  @BeforeAll
  static void jarExists() {
    assertThat(JAR).as("run 'mvn package' first").isRegularFile();
  }

  @Test
  void startsServesAndStopsCleanlyOnSigterm() throws Exception {
    int sipPort = freePort();
    int httpPort = freePort();
    Launched psip = launch(Map.of("PSIP_SIP_PORT", Integer.toString(sipPort), "PSIP_HTTP_PORT", Integer.toString(httpPort)));
    try {
      HttpResponse<String> health = awaitHealthy(psip, httpPort);
      assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"sip\":{\"udp_port\":" + sipPort + ",\"tcp_port\":" + sipPort + "},\"webhook\":\"up\",\"database\":\"up\"}");
      assertThat(psip.stdout()).contains("started: SIP udp+tcp 127.0.0.1:" + sipPort + ", HTTP 127.0.0.1:" + httpPort);

      try (SipWire sip = SipWire.udp(sipPort)) {
        SipResponse r = sip.exchange(sip.request("OPTIONS", "sip:ping@sip.psip.local", null));
        assertThat(r.status()).isEqualTo(200);
      }
    } finally {
      psip.process.destroy(); // SIGTERM
    }
    boolean exited = psip.process.waitFor(15, TimeUnit.SECONDS);
    if (!exited) psip.process.destroyForcibly(); // never leave a node running behind a failed test
    assertThat(exited).as("exited within 15 s of SIGTERM").isTrue();
    assertThat(psip.process.exitValue()).as("the JVM's exit code after SIGTERM").isEqualTo(143);
    assertThat(psip.stdout()).contains("psip stopped");
    assertThat(psip.stderr()).isEmpty();
  }

  @Test
  void anInvalidValueExits2WithOneLineNamingTheKey() throws Exception {
    Launched psip = launch(Map.of("PSIP_SIP_PORT", "abc"));
    awaitExit(psip);
    assertThat(psip.process.exitValue()).isEqualTo(2);
    List<String> lines = psip.stderr().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("psip: invalid configuration: sip.port: ").contains("\"abc\"");
  }

  @Test
  void aPortInUseExits1WithOneLineNamingTheAddress() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Launched psip = launch(Map.of("PSIP_SIP_PORT", Integer.toString(taken.getLocalPort()),
          "PSIP_HTTP_PORT", Integer.toString(freePort())));
      awaitExit(psip);
      assertThat(psip.process.exitValue()).isEqualTo(1);
      List<String> lines = psip.stderr().lines().toList();
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).startsWith("psip: cannot start: ").contains(Integer.toString(taken.getLocalPort()));
    }
  }

  /** Waits for a node that should refuse to start; kills it if it does not, so a failure leaves nothing behind. */
  private static void awaitExit(Launched psip) throws Exception {
    if (!psip.process.waitFor(30, TimeUnit.SECONDS)) {
      psip.process.destroyForcibly();
      throw new AssertionError("psip still running after 30 s: " + psip.stdout() + psip.stderr());
    }
  }

  private record Launched(Process process, Path out, Path err) {
    String stdout() throws IOException { return Files.readString(out, StandardCharsets.UTF_8); }

    String stderr() throws IOException { return Files.readString(err, StandardCharsets.UTF_8); }
  }

  /** {@code java -jar psip-gateway.jar} on loopback, with {@code vars} on top of a clean PSIP environment. */
  private Launched launch(Map<String, String> vars) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(JAVA, "-jar", JAR.toAbsolutePath().toString()).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("PSIP_"));
    Map<String, String> all = new HashMap<>(Map.of(
        "PSIP_SIP_HOST", "127.0.0.1", "PSIP_HTTP_HOST", "127.0.0.1", "PSIP_DATA_DIR", dir.resolve("data").toString()));
    all.putAll(vars);
    env.putAll(all);
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("stderr.log");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Launched(p, out, err);
  }

  private static HttpResponse<String> awaitHealthy(Launched psip, int httpPort) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!psip.process.isAlive()) {
        throw new AssertionError("psip exited with " + psip.process.exitValue() + ": " + psip.stderr() + psip.stdout());
      }
      try {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return r;
      } catch (ConnectException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("/health not 200 within 30 s: " + psip.stdout());
  }

  /** A port free for both TCP and UDP on loopback right now (SIP binds both on one number). */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        return port;
      } catch (IOException taken) {
        // UDP side busy: try another
      }
    }
    throw new IOException("no free port on loopback");
  }
}
