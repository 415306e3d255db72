package io.psip.gateway.db;

import io.psip.gateway.accounts.Secrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The embedded server is not left open to every local user: its superuser gets a random password, kept beside the
 * data in {@code postgres.password} (owner-only), and {@code pg_hba.conf}'s {@code trust} lines (initdb's default)
 * become {@code scram-sha-256}. The database holds webhook signature secrets in clear. Blocking.
 */
final class EmbeddedPassword {
  static final String FILE = "postgres.password";
  private static final Pattern TRUST = Pattern.compile("\\btrust\\s*$");

  private EmbeddedPassword() {}

  /** The stored password, or a new one written owner-only. */
  static String readOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!stored.isEmpty()) return stored;
    }
    String password = Secrets.newSecret(32);
    Files.deleteIfExists(file);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      // owner-only from the first byte
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    return password;
  }

  /**
   * Sets the password and turns {@code trust} into {@code scram-sha-256} if the cluster still trusts (a fresh one,
   * or one whose password file was lost); then the server reloads its configuration. Connects as the superuser:
   * while {@code trust} is on, the password is not even asked.
   */
  static void enforce(EmbeddedPostgres server, Path dataDir, String password) throws IOException {
    Path hba = dataDir.resolve("pg_hba.conf");
    List<String> lines = Files.readAllLines(hba, StandardCharsets.UTF_8);
    boolean trusting = lines.stream().anyMatch(l -> !l.stripLeading().startsWith("#") && TRUST.matcher(l).find());
    if (!trusting) return;
    try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      s.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
      List<String> hardened = lines.stream()
          .map(l -> l.stripLeading().startsWith("#") ? l : TRUST.matcher(l).replaceAll("scram-sha-256"))
          .toList();
      Files.write(hba, hardened, StandardCharsets.UTF_8);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("cannot set the embedded PostgreSQL's password: " + e.getMessage(), e);
    }
  }
}
