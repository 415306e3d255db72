package io.psip.gateway.store.pg;

import io.psip.directory.DirectoryChange;
import io.psip.gateway.directory.ChangePublisher;
import io.psip.gateway.store.Page;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.templates.RowMapper;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What every store shares: the pool, the deadline of one operation, error mapping, paging, and publishing a write's
 * directory changes once its transaction has committed.
 */
final class PgSupport {
  /** A write's result and the directory changes it made, published after commit. */
  record Written<T>(T value, List<DirectoryChange> changes) {
    static <T> Written<T> of(T value, DirectoryChange change) { return new Written<>(value, List.of(change)); }
  }

  final Pool pool;
  private final ChangePublisher changes;
  private final long timeoutMs;

  PgSupport(Pool pool, ChangePublisher changes, long timeoutMs) {
    this.pool = pool;
    this.changes = changes;
    this.timeoutMs = timeoutMs;
  }

  /** A read: bounded by the deadline, failures mapped. */
  <T> Future<T> read(Future<T> f) { return guard(f, null, "conflict"); }

  /**
   * A write in one transaction: once it has committed, its changes are published (even if the caller's deadline has
   * passed meanwhile: a committed change is never kept from the directory).
   */
  <T> Future<T> write(Function<SqlConnection, Future<Written<T>>> work,
                      Function<PgException, StoreException> onForeignKey, String conflict) {
    Future<T> committed = pool.withTransaction(work).map(w -> {
      changes.publish(w.changes());
      return w.value();
    });
    return guard(committed, onForeignKey, conflict);
  }

  private <T> Future<T> guard(Future<T> f, Function<PgException, StoreException> onForeignKey, String conflict) {
    return PgErrors.mapped(f.timeout(timeoutMs, TimeUnit.MILLISECONDS), onForeignKey, conflict);
  }

  static Future<RowSet<Row>> query(SqlClient client, String sql, Map<String, Object> params) {
    return SqlTemplate.forQuery(client, sql).execute(params);
  }

  /** The first row mapped, or {@code null}. */
  static <T> T first(RowSet<Row> rows, RowMapper<T> mapper) {
    var it = rows.iterator();
    return it.hasNext() ? mapper.map(it.next()) : null;
  }

  static <T> List<T> all(RowSet<Row> rows, RowMapper<T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    for (Row r : rows) out.add(mapper.map(r));
    return out;
  }

  /**
   * One page of {@code SELECT * <from> ORDER BY <orderBy>} and the total count, usually in one round trip:
   * {@code count(*) OVER ()} (computed before LIMIT) rides along with the rows; only a page past the end needs a
   * second query. {@code orderBy} must end with a unique column so the order is stable.
   */
  <T> Future<Page<T>> page(SqlClient client, String from, String orderBy, Map<String, Object> params,
                           RowMapper<T> mapper, int page, int pageSize) {
    if (page < 1 || pageSize < 1) throw new IllegalArgumentException("page and page size count from 1");
    Map<String, Object> p = new HashMap<>(params);
    p.put("limit", pageSize);
    p.put("offset", (long) (page - 1) * pageSize);
    String sql = "SELECT *, count(*) OVER () AS total_items " + from + " ORDER BY " + orderBy
        + " LIMIT #{limit} OFFSET #{offset}";
    return query(client, sql, p).compose(rows -> {
      if (rows.size() > 0) {
        long total = rows.iterator().next().getLong("total_items");
        return Future.succeededFuture(new Page<>(all(rows, mapper), page, pageSize, total));
      }
      if (page == 1) return Future.succeededFuture(new Page<T>(List.of(), page, pageSize, 0));
      return query(client, "SELECT count(*) " + from, params)
          .map(count -> new Page<T>(List.of(), page, pageSize, count.iterator().next().getLong(0)));
    });
  }
}
