package io.psip.gateway.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL used when {@code db.url} is empty: a real server (zonky's binaries) with its data under
 * {@code <data.dir>/postgres}, kept across restarts, listening on a free loopback port. Every method blocks: call
 * them from a worker thread, never from an event loop.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  /** zonky's lock file in the data directory: held by the JVM that runs the server. */
  private static final String ZONKY_LOCK = "epg-lock";
  private static final long STALE_STOP_WAIT_S = 15;

  private final EmbeddedPostgres server;
  private final Path dataDir;
  private final String password;

  private EmbeddedPostgresServer(EmbeddedPostgres server, Path dataDir, String password) {
    this.server = server;
    this.dataDir = dataDir;
    this.password = password;
  }

  /** Starts the server on {@code dataDir}, creating the cluster on first use. */
  static EmbeddedPostgresServer start(Path dataDir) throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    ensureNotInUse(dir);
    stopLeftoverPostmaster(dir);
    boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
    Path logFile = dir.resolveSibling("postgres.log");
    String password = EmbeddedPassword.readOrCreate(dir.resolveSibling(EmbeddedPassword.FILE));
    long t0 = System.nanoTime();
    EmbeddedPostgres server = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        // zonky's defaults suit tests (fsync and synchronous_commit off); this server keeps acknowledged data
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("max_connections", "100")
        .setConnectConfig("password", password)
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
    try {
      EmbeddedPassword.enforce(server, dir, password);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    log.info("embedded PostgreSQL {} on 127.0.0.1:{}, data {} ({} ms)", fresh ? "initialised and started" : "started",
        server.getPort(), dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    return new EmbeddedPostgresServer(server, dir, password);
  }

  /** A {@code db.url} for the server's {@code postgres} database (its superuser, with its password; loopback only). */
  String url() { return "postgresql://postgres:" + password + "@localhost:" + server.getPort() + "/postgres"; }

  Path dataDir() { return dataDir; }

  int port() { return server.getPort(); }

  /** Stops the server (fast shutdown); the data stays. */
  @Override
  public void close() {
    try {
      server.close();
      log.info("embedded PostgreSQL stopped");
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  /** Another live JVM (another psip node) holds zonky's lock on this data directory: refuse, never share it. */
  private static void ensureNotInUse(Path dir) throws IOException {
    Path lockPath = dir.resolve(ZONKY_LOCK);
    if (!Files.exists(lockPath)) return;
    try (RandomAccessFile file = new RandomAccessFile(lockPath.toFile(), "rw");
         FileChannel channel = file.getChannel()) {
      FileLock lock = channel.tryLock();
      if (lock == null) throw new IOException(dir + " is in use by another running psip node");
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw new IOException(dir + " is in use by another node in this process", e);
    }
  }

  /**
   * A postmaster left running by a psip that was killed (kill -9 leaves PostgreSQL behind) would make the start
   * fail: stop it, since nothing else may use this data directory (its lock is free).
   */
  private static void stopLeftoverPostmaster(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) return;
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) return;
    log.warn("stopping a PostgreSQL (pid {}) left running on {} by an earlier psip", pid, dir);
    process.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown; the dead node's sessions are gone already
    try {
      process.get().onExit().get(STALE_STOP_WAIT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("a PostgreSQL (pid " + pid + ") left running on " + dir + " did not stop", e);
    }
  }
}
