package io.psip.gateway.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/** Brings the schema up to date with the versioned SQL in {@code db/migration} (Flyway over JDBC). Blocking. */
final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  private static final int CONNECT_TIMEOUT_S = 10;

  private Migrations() {}

  static void migrate(DatabaseTarget target) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(target.jdbcUrl());
    Properties props = target.jdbcProperties(CONNECT_TIMEOUT_S);
    for (String name : props.stringPropertyNames()) {
      try {
        ds.setProperty(name, props.getProperty(name));
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("JDBC property " + name + ": " + e.getMessage(), e);
      }
    }
    Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(ds)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load();
    MigrateResult result = flyway.migrate();
    if (result.migrationsExecuted > 0) {
      log.info("database schema migrated to version {} ({} migration(s))", result.targetSchemaVersion,
          result.migrationsExecuted);
    } else {
      log.debug("database schema is up to date (version {})", flyway.info().current() == null
          ? "none" : flyway.info().current().getVersion());
    }
  }
}
