package io.psip.gateway.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real PostgreSQL per test JVM (zonky's embedded binaries), started lazily on first use and stopped when the JVM
 * exits. Each test class takes a database of its own with {@link #freshDatabase}, so classes never see each other's
 * rows. {@link #stop()} and {@link #start()} take the server down and bring it back on the same port and data
 * directory, for outage tests.
 *
 * <pre>{@code
 *   String dbUrl = TestDatabase.freshDatabase(MyTest.class);   // postgresql://postgres:postgres@localhost:PORT/mytest_1
 *   env.put("PSIP_DB_URL", dbUrl);
 * }</pre>
 */
public final class TestDatabase {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static Path dataDir;
  private static int port;
  private static EmbeddedPostgres server;

  private TestDatabase() {}

  /**
   * The server's port, starting it on first use. Once started, the port stays the same across {@link #stop()} and
   * {@link #start()}, and asking for it (or for a URL) never restarts a stopped server.
   */
  public static synchronized int port() {
    if (dataDir == null) ensureStarted();
    return port;
  }

  /** A {@code db.url} ({@code postgresql://user:pass@localhost:port/database}) for an existing database. */
  public static String url(String database) {
    return "postgresql://" + USER + ':' + PASSWORD + "@localhost:" + port() + '/' + database;
  }

  /** A JDBC URL for an existing database. */
  public static String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + '/' + database + "?user=" + USER + "&password=" + PASSWORD;
  }

  /** Creates a new empty database named after the test class and returns its {@code db.url}. */
  public static String freshDatabase(Class<?> owner) { return url(createDatabase(owner.getSimpleName())); }

  /**
   * Creates a new empty database whose name starts with {@code prefix} and returns its name. Starts the server if it
   * is not running (say an outage test failed before restarting it), so each class begins with a working server.
   */
  public static synchronized String createDatabase(String prefix) {
    ensureStarted();
    String name = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (name.length() > 40) name = name.substring(0, 40);
    name = name + '_' + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + name + '"');
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return name;
  }

  /** Runs one SQL statement against a database (test set-up and inspection; blocking). */
  public static void execute(String database, String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(database)); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True while the server runs. */
  public static synchronized boolean running() { return server != null; }

  /** Stops the server (fast shutdown: open connections are cut). Its data directory and port are kept. */
  public static synchronized void stop() {
    if (server == null) return;
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      server = null;
    }
  }

  /** Starts the server again on the same port and data directory (or for the first time). */
  public static synchronized void start() { ensureStarted(); }

  private static void ensureStarted() {
    if (server != null) return;
    try {
      boolean first = dataDir == null;
      if (first) {
        dataDir = Files.createTempDirectory("psip-test-pg");
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::shutdown, "psip-test-pg-shutdown"));
      }
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          // a test database needs no durability: much faster CREATE DATABASE and commits
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "300");
      if (!first) builder.setPort(port);
      server = builder.start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test PostgreSQL", e);
    }
  }

  private static synchronized void shutdown() {
    try {
      stop();
    } catch (RuntimeException ignored) {
      // the JVM is exiting; the data directory goes below either way
    }
    if (dataDir == null) return;
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
