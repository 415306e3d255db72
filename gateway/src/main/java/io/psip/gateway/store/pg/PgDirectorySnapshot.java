package io.psip.gateway.store.pg;

import io.psip.directory.DirectoryChange;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.RowMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the directory holds, read in one REPEATABLE READ transaction. The sequence's last value is read first:
 * every row committed before the snapshot has a version at most that, so a change the snapshot misses is either
 * newer (kept by the directory's reload) or arrives as a notification.
 */
public final class PgDirectorySnapshot {
  /** Every row as an upsert at its version, and the sequence's value when the snapshot was taken. */
  public record Snapshot(List<DirectoryChange> changes, long version) {}

  private record Table(String sql, RowMapper<DirectoryChange> mapper) {}

  private static final List<Table> TABLES = List.of(
      new Table("SELECT * FROM accounts", DirectoryRows.ACCOUNT),
      new Table("SELECT * FROM applications", DirectoryRows.APPLICATION),
      new Table("SELECT * FROM domains", DirectoryRows.DOMAIN),
      new Table("SELECT * FROM domain_users", DirectoryRows.DOMAIN_USER),
      new Table("SELECT * FROM numbers", DirectoryRows.NUMBER));

  private PgDirectorySnapshot() {}

  public static Future<Snapshot> load(Pool pool) {
    return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute()
        .compose(v -> conn.query("SELECT last_value, is_called FROM directory_version").execute())
        .compose(seq -> {
          Row r = seq.iterator().next();
          long version = r.getBoolean("is_called") ? r.getLong("last_value") : 0;
          List<DirectoryChange> changes = new ArrayList<>();
          return readAll(conn, 0, changes).map(v -> new Snapshot(changes, version));
        }));
  }

  private static Future<Void> readAll(SqlConnection conn, int table, List<DirectoryChange> into) {
    if (table == TABLES.size()) return Future.succeededFuture();
    Table t = TABLES.get(table);
    return conn.query(t.sql()).execute().compose(rows -> {
      for (Row row : rows) into.add(t.mapper().map(row));
      return readAll(conn, table + 1, into);
    });
  }
}
