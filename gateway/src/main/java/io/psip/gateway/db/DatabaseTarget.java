package io.psip.gateway.db;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * Where the database is: a {@code db.url} ({@code postgresql://user:pass@host:port/db}) as the reactive client's
 * options, and the same place as a JDBC URL for the migrations. {@link #toString()} never shows the password.
 */
public final class DatabaseTarget {
  private final PgConnectOptions options;

  private DatabaseTarget(PgConnectOptions options) { this.options = options; }

  /** Parses a {@code postgresql://} or {@code postgres://} URL; fails with IllegalArgumentException. */
  public static DatabaseTarget parse(String url) {
    return new DatabaseTarget(PgConnectOptions.fromUri(url));
  }

  /** A copy of the reactive client's options. */
  public PgConnectOptions options() { return new PgConnectOptions(options); }

  public String jdbcUrl() {
    String host = options.getHost();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = '[' + host + ']';
    return "jdbc:postgresql://" + host + ':' + options.getPort() + '/'
        + URLEncoder.encode(options.getDatabase(), StandardCharsets.UTF_8);
  }

  /** User, password, SSL mode and timeouts for the JDBC driver. */
  public Properties jdbcProperties(int connectTimeoutSeconds) {
    Properties p = new Properties();
    p.setProperty("user", options.getUser());
    if (options.getPassword() != null) p.setProperty("password", options.getPassword());
    SslMode ssl = options.getSslMode() == null ? SslMode.DISABLE : options.getSslMode();
    p.setProperty("sslmode", ssl.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
    p.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds));
    p.setProperty("ApplicationName", "psip-migrations");
    return p;
  }

  /** {@code host:port/database}: safe to log. */
  @Override
  public String toString() {
    String host = options.getHost();
    if (host.indexOf(':') >= 0) host = '[' + host + ']';
    return host + ':' + options.getPort() + '/' + options.getDatabase();
  }
}
