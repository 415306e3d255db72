package io.psip.gateway.store.pg;

import io.psip.call.LegRecord;
import io.psip.gateway.calls.CallRecords;
import io.psip.gateway.store.CallFilter;
import io.psip.gateway.store.CallList;
import io.psip.gateway.store.CallStore;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.psip.gateway.store.pg.PgSupport.all;
import static io.psip.gateway.store.pg.PgSupport.first;
import static io.psip.gateway.store.pg.PgSupport.query;

/** Call records, read per account; the node that owns a leg writes it ({@link io.psip.gateway.calls.PgCallRecorder}). */
final class PgCallStore implements CallStore {
  private static final String SELECT_ONE = "SELECT * FROM calls WHERE uuid = #{uuid} AND account_id = #{account}";
  private static final String CLOSE_LOST = "UPDATE calls SET " + CallRecords.INFERRED_END
      + " WHERE uuid = #{uuid} AND account_id = #{account} AND end_time IS NULL RETURNING *";

  private final PgSupport pg;

  PgCallStore(PgSupport pg) { this.pg = pg; }

  @Override
  public Future<LegRecord> get(String accountId, String uuid) {
    return pg.read(query(pg.pool, SELECT_ONE, Map.of("uuid", uuid, "account", accountId)).map(rows -> found(rows, uuid)));
  }

  /**
   * One page and the total in one round trip ({@code count(*) OVER ()} rides along with the rows); only a page past
   * the end needs a second query for the count.
   */
  @Override
  public Future<CallList> list(String accountId, CallFilter filter) {
    Map<String, Object> params = new HashMap<>();
    StringBuilder from = new StringBuilder("FROM calls WHERE account_id = #{account}");
    params.put("account", accountId);
    if (filter.status() != null) {
      from.append(" AND status = #{status}");
      params.put("status", filter.status());
    }
    if (filter.dateStart() != null) {
      from.append(" AND start_time >= #{date_start}");
      params.put("date_start", filter.dateStart().atOffset(ZoneOffset.UTC));
    }
    if (filter.dateEnd() != null) {
      from.append(" AND start_time <= #{date_end}");
      params.put("date_end", filter.dateEnd().atOffset(ZoneOffset.UTC));
    }
    if (filter.conversationUuid() != null) {
      from.append(" AND conversation_uuid = #{conversation}");
      params.put("conversation", filter.conversationUuid());
    }
    String order = filter.descending() ? "start_time DESC, uuid DESC" : "start_time, uuid";
    Map<String, Object> paged = new HashMap<>(params);
    paged.put("limit", filter.pageSize());
    paged.put("offset", filter.recordIndex());
    String sql = "SELECT *, count(*) OVER () AS total_items " + from + " ORDER BY " + order
        + " LIMIT #{limit} OFFSET #{offset}";
    return pg.read(query(pg.pool, sql, paged).compose(rows -> {
      if (rows.size() > 0) {
        long total = rows.iterator().next().getLong("total_items");
        return Future.succeededFuture(new CallList(all(rows, CallRows.LEG), total));
      }
      if (filter.recordIndex() == 0) return Future.succeededFuture(new CallList(List.of(), 0));
      return query(pg.pool, "SELECT count(*) " + from, params)
          .map(count -> new CallList(List.of(), count.iterator().next().getLong(0)));
    }));
  }

  @Override
  public Future<LegRecord> closeLost(String accountId, String uuid) {
    Map<String, Object> params = Map.of("uuid", uuid, "account", accountId, "detail", CallRecords.LOST);
    return pg.read(query(pg.pool, CLOSE_LOST, params).compose(rows -> {
      LegRecord closed = first(rows, CallRows.LEG);
      return closed != null ? Future.succeededFuture(closed) : get(accountId, uuid); // ended meanwhile, or unknown
    }));
  }

  private static LegRecord found(RowSet<Row> rows, String uuid) {
    LegRecord r = first(rows, CallRows.LEG);
    if (r == null) throw new StoreException.NotFound("no such call: " + uuid);
    return r;
  }
}
