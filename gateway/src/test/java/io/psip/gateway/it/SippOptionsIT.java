package io.psip.gateway.it;

import io.psip.gateway.Gateway;
import io.psip.gateway.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SIPp, a SIP implementation nobody here wrote, pings the gateway with the README's OPTIONS scenario over UDP and TCP.
 * Skipped when {@code sipp} is not installed (CI installs it).
 */
class SippOptionsIT {
  @TempDir
  static Path dir;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(sippInstalled(), "sipp is not on the PATH (apt-get install sip-tester)");
    gateway = Gateway.start(TestConfigs.loopback(dir)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) gateway.stop().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "sipp -t {0}")
  @ValueSource(strings = {"u1", "t1"})
  void optionsIsAnsweredWithAllow(String transport) throws Exception {
    Path scenario = dir.resolve("options.xml");
    try (InputStream in = SippOptionsIT.class.getResourceAsStream("/sipp/options.xml")) {
      Files.copy(in, scenario, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Path errors = dir.resolve("errors-" + transport + ".log");
    Path out = dir.resolve("sipp-" + transport + ".out");
    Process sipp = new ProcessBuilder(List.of("sipp", "-sf", scenario.toString(), "-key", "domain", "sip.psip.local",
        "-s", "ping", "-m", "1", "-t", transport, "-i", "127.0.0.1", "-timeout", "15", "-timeout_error",
        "-trace_err", "-error_file", errors.toString(), "-nostdin", "127.0.0.1:" + gateway.udpPort()))
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
    assertThat(sipp.waitFor(30, TimeUnit.SECONDS)).as("sipp exited").isTrue();
    assertThat(sipp.exitValue()).as("sipp exit code (0: every call succeeded)\n%s\n%s", read(errors), tail(read(out)))
        .isZero();
  }

  private static boolean sippInstalled() {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String d : path.split(File.pathSeparator)) if (Files.isExecutable(Path.of(d, "sipp"))) return true;
    return false;
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
  }

  private static String tail(String s) { return s.length() <= 4000 ? s : s.substring(s.length() - 4000); }
}
