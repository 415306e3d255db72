package io.psip.gateway.db;

import io.psip.gateway.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared test PostgreSQL: a database per class, and a stop/start that keeps port and data. */
class TestDatabaseTest {
  @Test
  void aFreshDatabaseIsEmptyAndSurvivesARestartOnTheSamePort() throws Exception {
    String db = TestDatabase.createDatabase("TestDatabaseTest");
    TestDatabase.execute(db, "CREATE TABLE t (x int); INSERT INTO t VALUES (42)");
    int port = TestDatabase.port();

    TestDatabase.stop();
    assertThatThrownBy(() -> DriverManager.getConnection(TestDatabase.jdbcUrl(db)).close())
        .isInstanceOf(java.sql.SQLException.class);
    TestDatabase.start();

    assertThat(TestDatabase.port()).isEqualTo(port);
    try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(db));
         ResultSet r = c.createStatement().executeQuery("SELECT x FROM t")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).isEqualTo(42);
    }
    assertThat(TestDatabase.createDatabase("TestDatabaseTest")).isNotEqualTo(db);
  }
}
