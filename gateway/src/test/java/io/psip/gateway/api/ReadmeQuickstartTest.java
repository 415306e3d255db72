package io.psip.gateway.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * README's five-minute quickstart, run as written: its {@code ```sh} block goes to bash (with curl and jq) against a
 * node started the way Main starts one, and each command's HTTP status must be the {@code # HTTP nnn} the README
 * shows beside it. Needs curl and jq: skipped without them, except on CI ({@code CI} set), where that fails.
 */
class ReadmeQuickstartTest {
  private static final Pattern EXPECTED = Pattern.compile("#\\s*HTTP (\\d{3})");
  private static final Pattern ACTUAL = Pattern.compile("(?m)^HTTP (\\d{3})$");

  static ApiNode node;

  @BeforeAll
  static void start() {
    boolean tools = installed("curl") && installed("jq") && installed("bash");
    if (System.getenv("CI") != null) assertThat(tools).as("curl, jq and bash are needed on CI").isTrue();
    assumeTrue(tools, "curl, jq or bash is not installed");
    node = ApiNode.start(ReadmeQuickstartTest.class);
  }

  @AfterAll
  static void stop() throws Exception { if (node != null) node.close(); }

  @Test
  void theQuickstartRunsAsWritten() throws Exception {
    String script = quickstartBlock(readme());
    List<String> expected = all(EXPECTED, script);
    assertThat(expected).as("the quickstart's # HTTP annotations").hasSizeGreaterThanOrEqualTo(5);

    ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script);
    pb.environment().putAll(Map.of("PSIP_URL", node.url(), "PSIP_API_KEY", ApiNode.PRIMARY_KEY,
        "PSIP_API_SECRET", ApiNode.PRIMARY_SECRET));
    Path out = Files.createTempFile("quickstart", ".out");
    Path err = Files.createTempFile("quickstart", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    boolean finished = p.waitFor(60, TimeUnit.SECONDS);
    if (!finished) p.destroyForcibly();
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    String transcript = "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;

    assertThat(finished).as("finished within 60 s" + transcript).isTrue();
    assertThat(p.exitValue()).as("exit status" + transcript).isZero();
    assertThat(all(ACTUAL, stderr)).as("HTTP statuses, in order" + transcript).isEqualTo(expected);
    assertThat(stdout).contains("\"acme-pbx\"", "14155550100", "acl[0]", "has host bits set");

    // and the resources are really there
    ApiClient api = node.primary();
    assertThat(api.get("/v1/psip/acme-pbx").status()).isEqualTo(200);
    assertThat(api.get("/v1/psip/acme-pbx/users/desk1").status()).isEqualTo(200);
    assertThat(api.get("/v1/numbers/14155550100").json().getString("application_id")).isNotNull();
  }

  /** The first {@code ```sh} block after the quickstart's heading. */
  static String quickstartBlock(String readme) {
    int section = readme.indexOf("## Five-minute quickstart");
    assertThat(section).as("README has a Five-minute quickstart section").isNotNegative();
    int open = readme.indexOf("```sh\n", section);
    assertThat(open).as("the quickstart has a ```sh block").isNotNegative();
    int close = readme.indexOf("\n```", open + 6);
    return readme.substring(open + 6, close + 1);
  }

  private static String readme() throws IOException {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("README.md");
      if (Files.exists(candidate) && Files.exists(dir.resolve("gateway"))) return Files.readString(candidate, StandardCharsets.UTF_8);
    }
    throw new IllegalStateException("README.md not found above " + here);
  }

  private static List<String> all(Pattern p, String s) {
    List<String> found = new ArrayList<>();
    Matcher m = p.matcher(s);
    while (m.find()) found.add(m.group(1));
    return found;
  }

  private static boolean installed(String tool) {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
