package io.psip.gateway.db;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTargetTest {
  @Test
  void aDbUrlBecomesReactiveOptionsAndAJdbcUrl() {
    DatabaseTarget t = DatabaseTarget.parse("postgresql://psip:p%40ss@db.example.com:6543/provisioning");
    assertThat(t.options().getHost()).isEqualTo("db.example.com");
    assertThat(t.options().getPort()).isEqualTo(6543);
    assertThat(t.options().getUser()).isEqualTo("psip");
    assertThat(t.options().getDatabase()).isEqualTo("provisioning");
    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/provisioning");
    Properties p = t.jdbcProperties(10);
    assertThat(p.getProperty("user")).isEqualTo("psip");
    assertThat(p.getProperty("password")).isEqualTo(t.options().getPassword());
    assertThat(p.getProperty("sslmode")).isEqualTo("disable");
  }

  @Test
  void itsTextNeverShowsThePassword() {
    DatabaseTarget t = DatabaseTarget.parse("postgres://psip:hunter2@10.0.0.5/psip");
    assertThat(t.toString()).isEqualTo("10.0.0.5:5432/psip").doesNotContain("hunter2");
  }

  @Test
  void anIpv6HostIsBracketed() {
    DatabaseTarget t = DatabaseTarget.parse("postgresql://u:p@[2001:db8::5]:5432/psip");
    assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://[2001:db8::5]:5432/psip");
  }
}
