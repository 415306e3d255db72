package io.psip.gateway.db;

import io.psip.gateway.Gateway;
import io.psip.gateway.accounts.Secrets;
import io.psip.gateway.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.psip.gateway.directory.DirectoryAwait.awaitDirectory;
import static io.psip.gateway.store.StoreFixture.await;
import static io.psip.gateway.store.StoreFixture.domain;
import static io.psip.gateway.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node on its embedded PostgreSQL (db.url empty): stopped and started again on the same data dir, nothing is lost. */
class RestartPersistenceTest {
  @TempDir
  Path data;

  @Test
  void dataAndThePrimaryAccountSurviveARestartAndTheSecretIsPrintedOnlyOnce() throws Exception {
    Captured first = captureStdout(() -> await(Gateway.start(TestConfigs.loopback(data))));
    Gateway node = first.gateway;
    String printed = first.output;
    String key = node.primaryApiKey();
    String secret = field(printed, "api_secret");
    try {
      assertThat(node.database().embedded()).isTrue();
      assertThat(data.resolve("postgres").resolve("PG_VERSION")).exists();
      assertThat(field(printed, "api_key")).isEqualTo(key);
      assertThat(field(printed, "signature_secret")).hasSize(32);
      assertThat(printed).contains("set api.key and api.secret");
      // printed once, never logged: the secret appears in exactly one line of everything written to stdout
      assertThat(printed.lines().filter(l -> l.contains(secret))).hasSize(1);
      // what was printed is what is stored (as a hash)
      assertThat(Secrets.verify(secret, await(node.stores().accounts().find(key)).secretHash())).isTrue();

      assertEmbeddedServerIsLockedDownAndDurable(node);

      UUID app = await(node.stores().applications().create(key, "kept", voice("https://example.com/a"))).id();
      await(node.stores().domains().create(domain("kept-domain", key, app, "203.0.113.0/24")));
      await(node.stores().numbers().create(key, "15558880000", app));
    } finally {
      await(node.stop());
    }
    int port = node.database().target().options().getPort();
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
        "postgres", "").close()).as("the embedded PostgreSQL stopped with the node").isInstanceOf(Exception.class);

    Captured second = captureStdout(() -> await(Gateway.start(TestConfigs.loopback(data))));
    Gateway again = second.gateway;
    try {
      assertThat(second.output).doesNotContain("api_secret").doesNotContain(secret);
      assertThat(again.primaryApiKey()).isEqualTo(key);
      assertThat(Secrets.verify(secret, await(again.stores().accounts().find(key)).secretHash())).isTrue();
      assertThat(await(again.stores().domains().get(key, "kept-domain")).acl()).containsExactly("203.0.113.0/24");
      assertThat(await(again.stores().numbers().get(key, "15558880000")).applicationId()).isNotNull();
      // loaded into the directory at start
      assertThat(again.directory().domain("kept-domain")).isNotNull();
      assertThat(again.directory().number("15558880000")).isNotNull();
      assertThat(again.directory().account(key)).isNotNull();
      // and writable as before
      UUID app2 = await(again.stores().applications().create(key, "new", voice("https://example.com/b"))).id();
      awaitDirectory(again.directory(), () -> again.directory().application(app2.toString()) != null);
    } finally {
      await(again.stop());
    }
  }

  /** Not open to every local user (it holds signature secrets), and it keeps what it acknowledged. */
  private void assertEmbeddedServerIsLockedDownAndDurable(Gateway node) throws Exception {
    Path passwordFile = data.resolve("postgres.password");
    assertThat(Files.getPosixFilePermissions(passwordFile)).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readAllLines(data.resolve("postgres").resolve("pg_hba.conf")))
        .filteredOn(l -> !l.startsWith("#") && !l.isBlank()).noneMatch(l -> l.contains("trust"));
    String jdbc = "jdbc:postgresql://localhost:" + node.database().target().options().getPort() + "/postgres";
    assertThatThrownBy(() -> DriverManager.getConnection(jdbc, "postgres", "").close())
        .hasMessageContaining("password");
    String password = Files.readString(passwordFile).strip();
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", password); Statement s = c.createStatement()) {
      for (String setting : List.of("fsync", "synchronous_commit")) {
        try (ResultSet r = s.executeQuery("SHOW " + setting)) {
          assertThat(r.next()).isTrue();
          assertThat(r.getString(1)).as(setting).isEqualTo("on");
        }
      }
    }
  }

  private record Captured(Gateway gateway, String output) {}

  private static Captured captureStdout(Supplier<Gateway> start) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      Gateway g = start.get();
      return new Captured(g, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  private static String field(String output, String name) {
    Matcher m = Pattern.compile("^\\s*" + name + ":\\s+(\\S+)\\s*$", Pattern.MULTILINE).matcher(output);
    assertThat(m.find()).as("%s printed in:%n%s", name, output).isTrue();
    return m.group(1);
  }
}
