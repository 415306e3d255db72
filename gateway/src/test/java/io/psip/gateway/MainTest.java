package io.psip.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Main's refusals: exit code 2 and exactly one line on stderr. Starting for real is {@code GatewayJarIT}'s job. */
class MainTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private PrintStream originalOut;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  @Test
  void invalidConfiguration() {
    assertThat(Main.run(new String[0], Map.of("PSIP_SIP_PORT", "abc"))).isEqualTo(2);
    assertThat(stderr()).isEqualTo(
        "psip: invalid configuration: sip.port: must be an integer from 0 to 65535 (got \"abc\" from PSIP_SIP_PORT)\n");
  }

  @Test
  void aClusterNeedsASharedDatabase() {
    String line = "psip: invalid configuration: cluster.enabled: needs db.url: the nodes of a cluster share one "
        + "PostgreSQL server, and the embedded one belongs to a single node\n";
    assertThat(Main.run(new String[] {"--cluster"}, Map.of())).isEqualTo(2);
    assertThat(stderr()).isEqualTo(line);

    err.reset();
    assertThat(Main.run(new String[0], Map.of("PSIP_CLUSTER_ENABLED", "true"))).isEqualTo(2);
    assertThat(stderr()).isEqualTo(line);
  }

  @Test
  void anUnusableClusterFileIsAConfigurationError() {
    Map<String, String> env = Map.of("PSIP_DB_URL", "postgresql://psip:psip@127.0.0.1:1/psip",
        "PSIP_CLUSTER_CONFIG", "/nonexistent/cluster.xml");
    assertThat(Main.run(new String[] {"--cluster"}, env)).isEqualTo(2);
    assertThat(stderr()).isEqualTo("psip: invalid configuration: cluster.config: /nonexistent/cluster.xml: no such file\n");
  }

  @Test
  void badCommandLine() {
    assertThat(Main.run(new String[] {"--verbose"}, Map.of())).isEqualTo(2);
    assertThat(stderr()).isEqualTo("psip: unknown option --verbose (try --help)\n");
  }

  @Test
  void help() {
    assertThat(Main.run(new String[] {"--help"}, Map.of())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: java -jar psip-gateway.jar");
    assertThat(stderr()).isEmpty();
  }

  private String stderr() { return err.toString(StandardCharsets.UTF_8); }
}
