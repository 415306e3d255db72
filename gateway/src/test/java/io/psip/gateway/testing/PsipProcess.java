package io.psip.gateway.testing;

import io.vertx.core.json.JsonObject;

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
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The fat jar ({@code -Dpsip.jar}, set by failsafe) as an operator runs it: {@code java -jar} in a separate JVM,
 * configured through {@code PSIP_*} variables on loopback, its stdout and stderr in files of its working directory.
 * {@link #close()} kills whatever is still running, so a failed test leaves no node behind.
 */
public final class PsipProcess implements AutoCloseable {
  public static final Path JAR = Path.of(System.getProperty("psip.jar", "target/psip-gateway.jar"));
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  // HTTP/1.1: the default (HTTP/2 by h2c upgrade) keeps one connection per node, and a node shutting down answers it
  // with a GOAWAY, an IOException that hid why the node had exited
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();
  /** Ports {@link #freePort()} has handed out in this JVM: never the same one twice. */
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private final String name;
  private final Process process;
  private final Path out;
  private final Path err;
  private final int httpPort;

  private PsipProcess(String name, Process process, Path out, Path err, int httpPort) {
    this.name = name;
    this.process = process;
    this.out = out;
    this.err = err;
    this.httpPort = httpPort;
  }

  /**
   * Starts {@code java -jar psip-gateway.jar args} in {@code dir} with {@code vars} over a clean PSIP environment
   * (SIP and HTTP on 127.0.0.1, data under {@code dir/data}). {@code vars} should set {@code PSIP_HTTP_PORT}.
   */
  public static PsipProcess launch(String name, Path dir, Map<String, String> vars, String... args) throws IOException {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("PSIP_"));
    Map<String, String> all = new HashMap<>(Map.of(
        "PSIP_SIP_HOST", "127.0.0.1", "PSIP_HTTP_HOST", "127.0.0.1", "PSIP_DATA_DIR", dir.resolve("data").toString()));
    all.putAll(vars);
    env.putAll(all);
    // a restarted node appends to the same files, so its whole history stays readable
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("stderr.log");
    Process p = pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
    int http = Integer.parseInt(all.getOrDefault("PSIP_HTTP_PORT", "-1"));
    return new PsipProcess(name, p, out, err, http);
  }

  public Process process() { return process; }

  public String stdout() throws IOException { return Files.readString(out, StandardCharsets.UTF_8); }

  public String stderr() throws IOException { return Files.readString(err, StandardCharsets.UTF_8); }

  public int httpPort() { return httpPort; }

  /** {@code GET /health}: status and JSON body, or null while nothing listens. */
  public HealthAnswer health() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
        .timeout(Duration.ofSeconds(2)).build();
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new HealthAnswer(r.statusCode(), new JsonObject(r.body()));
    } catch (ConnectException | HttpTimeoutException e) {
      return null;
    }
  }

  /** A {@code /health} answer. */
  public record HealthAnswer(int status, JsonObject body) {
    /** {@code cluster.members}, or -1 when the node reports no cluster. */
    public int members() {
      JsonObject cluster = body.getJsonObject("cluster");
      return cluster == null ? -1 : cluster.getInteger("members");
    }

    public String node() {
      JsonObject cluster = body.getJsonObject("cluster");
      return cluster == null ? null : cluster.getString("node");
    }
  }

  /** Waits until {@code /health} answers 200 (and returns that answer); fails at once if the process exits. */
  public HealthAnswer awaitHealthy(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException lastError = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ": " + stderr() + stdout());
      }
      try {
        HealthAnswer h = health();
        if (h != null && h.status() == 200) return h;
      } catch (IOException e) {
        // a connection cut while the node starts — or while it stops because it could not start: the next turn
        // tells which, with the node's own words
        lastError = e;
        process.waitFor(1, TimeUnit.SECONDS);
        continue;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + ": /health not 200 within " + timeout
        + (lastError == null ? "" : " (last error: " + lastError + ")") + ": " + stderr() + stdout());
  }

  /** Waits for the process to end; kills it (and fails) if it has not within {@code timeout}. */
  public int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " still running after " + timeout + ": " + stdout() + stderr());
    }
    return process.exitValue();
  }

  /** SIGTERM. */
  public void terminate() { process.destroy(); }

  /** SIGKILL: the node dies without a word to its cluster. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process.isAlive()) process.destroyForcibly();
  }

  /**
   * A port free for both TCP and UDP on loopback right now (SIP binds both on one number), taken from below the
   * kernel's ephemeral range: the node binds it seconds later, and in between any outgoing connection — a cluster
   * member dialling a peer that is not up yet — may be handed an ephemeral port, which made ClusterIT flaky
   * ("Port [36887] is already in use"). Nothing hands out ports below that range, so a port found free stays free
   * unless another JVM picks the same number, which the random choice makes unlikely; this JVM never hands out one
   * port twice (ClusterIT picks nine before its first node starts).
   */
  public static synchronized int freePort() throws IOException {
    int below = ephemeralRangeStart();
    int from = Math.max(1024, below - 12_000);
    if (below - from < 1_000) throw new IOException("the ephemeral range starts at " + below + ": no room below it");
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(from, below);
      // a port handed out a moment ago is still free until its node binds it: checking the socket is not enough
      if (!HANDED_OUT.contains(port) && freeForTcpAndUdp(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IOException("no free port on loopback between " + from + " and " + below);
  }

  private static boolean freeForTcpAndUdp(int port) {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    try (ServerSocket s = new ServerSocket()) {
      s.bind(at);
    } catch (IOException taken) {
      return false;
    }
    try (DatagramSocket u = new DatagramSocket(at)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port of {@code net.ipv4.ip_local_port_range} (Linux), else the IANA dynamic range's 49152. */
  private static int ephemeralRangeStart() {
    try {
      // read line by line: /proc reports a size of 0, and Files.readString trusts the size (it returned "3")
      try (var lines = Files.lines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
        return Integer.parseInt(lines.findFirst().orElseThrow().trim().split("\\s+")[0]);
      }
    } catch (IOException | RuntimeException unknown) {
      return 49152;
    }
  }
}
