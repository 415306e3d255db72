package io.psip.gateway.it;

import io.psip.gateway.testing.PsipProcess;
import io.psip.gateway.testing.SipWire;
import io.psip.sip.message.SipResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fat jar as an operator runs it: a separate JVM started with {@code java -jar}, configured through
 * {@code PSIP_*} variables, stopped with SIGTERM.
 */
class GatewayJarIT {

  @TempDir
  Path dir;

  private PsipProcess launched;

  @AfterEach
  void killLeftovers() {
    if (launched != null) launched.close(); // never leave a node running behind a failed test
  }

  @BeforeAll
  static void jarExists() {
    assertThat(PsipProcess.JAR).as("run 'mvn package' first").isRegularFile();
  }

  @Test
  void startsServesAndStopsCleanlyOnSigterm() throws Exception {
    int sipPort = freePort();
    int httpPort = freePort();
    PsipProcess psip = launch(Map.of("PSIP_SIP_PORT", Integer.toString(sipPort), "PSIP_HTTP_PORT", Integer.toString(httpPort)));
    try {
      PsipProcess.HealthAnswer health = psip.awaitHealthy(Duration.ofSeconds(30));
      assertThat(health.body().encode()).isEqualTo("{\"status\":\"UP\",\"sip\":{\"udp_port\":" + sipPort + ",\"tcp_port\":" + sipPort + "},\"webhook\":\"up\",\"database\":\"up\"}");
      assertThat(psip.stdout()).contains("started: SIP udp+tcp 127.0.0.1:" + sipPort + ", HTTP 127.0.0.1:" + httpPort);

      try (SipWire sip = SipWire.udp(sipPort)) {
        SipResponse r = sip.exchange(sip.request("OPTIONS", "sip:ping@sip.psip.local", null));
        assertThat(r.status()).isEqualTo(200);
      }
    } finally {
      psip.terminate(); // SIGTERM
    }
    assertThat(psip.awaitExit(Duration.ofSeconds(15))).as("the JVM's exit code after SIGTERM").isEqualTo(143);
    assertThat(psip.stdout()).contains("psip stopped");
    assertThat(psip.stderr()).isEmpty();
  }

  @Test
  void anInvalidValueExits2WithOneLineNamingTheKey() throws Exception {
    PsipProcess psip = launch(Map.of("PSIP_SIP_PORT", "abc"));
    assertThat(psip.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
    List<String> lines = psip.stderr().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("psip: invalid configuration: sip.port: ").contains("\"abc\"");
  }

  @Test
  void aPortInUseExits1WithOneLineNamingTheAddress() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      PsipProcess psip = launch(Map.of("PSIP_SIP_PORT", Integer.toString(taken.getLocalPort()),
          "PSIP_HTTP_PORT", Integer.toString(freePort())));
      assertThat(psip.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      List<String> lines = psip.stderr().lines().toList();
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).startsWith("psip: cannot start: ").contains(Integer.toString(taken.getLocalPort()));
    }
  }

  private PsipProcess launch(Map<String, String> vars) throws IOException {
    PsipProcess p = PsipProcess.launch("psip", dir, vars);
    launched = p;
    return p;
  }

  private static int freePort() throws IOException { return PsipProcess.freePort(); }
}
