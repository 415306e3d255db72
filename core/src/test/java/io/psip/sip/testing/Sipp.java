package io.psip.sip.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs SIPp (an independent SIP implementation) as a subprocess against the stack: a scenario from the test resources
 * ({@code /sipp/*.xml}), {@code -m N -timeout 20 -timeout_error}, statistics to a CSV ({@code -trace_stat}), and
 * messages and errors to files kept for the failure message.
 */
public final class Sipp {
  private Sipp() {}

  /** The outcome of one SIPp run. */
  public record Result(int exitCode, String stdout, String stderr, Map<String, String> stats, String messages, String errors) {
    public long successfulCalls() { return stat("SuccessfulCall(C)"); }

    public long failedCalls() { return stat("FailedCall(C)"); }

    public long stat(String name) {
      String v = stats.get(name);
      return v == null ? -1 : Long.parseLong(v.trim());
    }

    /** Everything useful when an assertion fails. */
    public String describe() {
      return "sipp exit " + exitCode + ", successful " + successfulCalls() + ", failed " + failedCalls()
          + "\n--- stderr\n" + tail(stderr) + "\n--- errors\n" + tail(errors) + "\n--- messages\n" + tail(messages)
          + "\n--- stdout\n" + tail(stdout);
    }

    private static String tail(String s) {
      return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
    }
  }

  /** True when a {@code sipp} executable is on the PATH. */
  public static boolean available() {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "sipp"))) return true;
    }
    return false;
  }

  /**
   * Runs {@code scenario} (a resource under /sipp) as UAC towards 127.0.0.1:port.
   *
   * @param transport SIPp's {@code -t} value: {@code u1} (one UDP socket) or {@code t1} (one TCP connection)
   * @param calls     {@code -m}: the number of calls after which SIPp exits
   */
  public static Result uac(String scenario, String transport, int port, int calls, String... extra) {
    try {
      Path dir = Files.createTempDirectory("psip-sipp-");
      Path xml = dir.resolve(scenario);
      try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + scenario)) {
        if (in == null) throw new IllegalArgumentException("no scenario /sipp/" + scenario);
        Files.copy(in, xml);
      }
      Path stat = dir.resolve("stat.csv");
      Path msgs = dir.resolve("messages.log");
      Path errs = dir.resolve("errors.log");
      List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", xml.toString(), "-t", transport,
          "-i", "127.0.0.1", "-p", "0", "-m", Integer.toString(calls), "-r", "50",
          "-timeout", "20", "-timeout_error", "-max_recv_loops", "1000",
          "-trace_stat", "-stf", stat.toString(), "-trace_msg", "-message_file", msgs.toString(),
          "-trace_err", "-error_file", errs.toString(), "-nostdin"));
      cmd.addAll(List.of(extra));
      cmd.add("127.0.0.1:" + port);
      Path out = dir.resolve("stdout.txt");
      Path err = dir.resolve("stderr.txt");
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(40, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("sipp did not exit within 40 s: " + read(out));
      }
      Result r = new Result(p.exitValue(), read(out), read(err), lastStats(stat), read(msgs), read(errs));
      deleteQuietly(dir);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> lastStats(Path csv) throws IOException {
    Map<String, String> m = new HashMap<>();
    if (!Files.exists(csv)) return m;
    List<String> lines = Files.readAllLines(csv, StandardCharsets.ISO_8859_1);
    if (lines.size() < 2) return m;
    String[] names = lines.get(0).split(";");
    String[] values = lines.get(lines.size() - 1).split(";");
    for (int i = 0; i < names.length && i < values.length; i++) m.put(names[i], values[i]);
    return m;
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
  }

  private static void deleteQuietly(Path dir) {
    try (var s = Files.list(dir)) {
      for (Path f : s.toList()) Files.deleteIfExists(f);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
