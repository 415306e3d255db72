package io.psip.gateway.store.pg;

import io.psip.directory.DirectoryEntry;
import io.psip.gateway.store.NumberRecord;
import io.psip.gateway.store.NumberStore;
import io.psip.gateway.store.Page;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.psip.gateway.store.pg.PgSupport.first;
import static io.psip.gateway.store.pg.PgSupport.query;

/** Numbers: one owner across all accounts (the primary key), optionally linked to one of the owner's applications. */
final class PgNumberStore implements NumberStore {
  private static final String INSERT = """
      INSERT INTO numbers (msisdn, account_id, application_id, version)
      VALUES (#{msisdn}, #{account}, #{application}, nextval('directory_version'))
      RETURNING *""";
  private static final String SELECT_ONE = "SELECT * FROM numbers WHERE msisdn = #{msisdn} AND account_id = #{account}";
  private static final String LIST_FROM = "FROM numbers WHERE account_id = #{account}";
  private static final String LINK = """
      UPDATE numbers SET application_id = #{application}, updated_at = now(), version = nextval('directory_version')
      WHERE msisdn = #{msisdn} AND account_id = #{account}
      RETURNING *""";
  private static final String DELETE = """
      DELETE FROM numbers WHERE msisdn = #{msisdn} AND account_id = #{account}
      RETURNING nextval('directory_version') AS version""";

  private final PgSupport pg;

  PgNumberStore(PgSupport pg) { this.pg = pg; }

  @Override
  public Future<NumberRecord> create(String accountId, String msisdn, UUID applicationId) {
    return pg.write(conn -> query(conn, INSERT, params(accountId, msisdn, applicationId))
            .map(rows -> written(rows.iterator().next())),
        noApplication(applicationId), "number " + msisdn + " is taken");
  }

  @Override
  public Future<NumberRecord> get(String accountId, String msisdn) {
    return pg.read(query(pg.pool, SELECT_ONE, Map.of("msisdn", msisdn, "account", accountId)).map(rows -> {
      NumberRecord r = first(rows, StoreRows.NUMBER);
      if (r == null) throw notFound(msisdn);
      return r;
    }));
  }

  @Override
  public Future<Page<NumberRecord>> list(String accountId, int page, int pageSize) {
    return pg.read(pg.page(pg.pool, LIST_FROM, "created_at, msisdn", Map.of("account", accountId), StoreRows.NUMBER,
        page, pageSize));
  }

  @Override
  public Future<NumberRecord> link(String accountId, String msisdn, UUID applicationId) {
    return pg.write(conn -> query(conn, LINK, params(accountId, msisdn, applicationId)).map(rows -> {
      if (rows.size() == 0) throw notFound(msisdn);
      return written(rows.iterator().next());
    }), noApplication(applicationId), "conflict");
  }

  @Override
  public Future<Void> delete(String accountId, String msisdn) {
    return pg.write(conn -> query(conn, DELETE, Map.of("msisdn", msisdn, "account", accountId)).map(rows -> {
      if (rows.size() == 0) throw notFound(msisdn);
      return PgSupport.Written.<Void>of(null,
          DirectoryRows.delete(DirectoryEntry.Kind.NUMBER, msisdn, rows.iterator().next()));
    }), null, "conflict");
  }

  private static Map<String, Object> params(String accountId, String msisdn, UUID applicationId) {
    Map<String, Object> p = new HashMap<>(); // the application may be null: Map.of refuses nulls
    p.put("msisdn", msisdn);
    p.put("account", accountId);
    p.put("application", applicationId);
    return p;
  }

  private static PgSupport.Written<NumberRecord> written(Row row) {
    return PgSupport.Written.of(StoreRows.NUMBER.map(row), DirectoryRows.NUMBER.map(row));
  }

  private static Function<PgException, StoreException> noApplication(UUID applicationId) {
    return fk -> new StoreException.NotFound("no such application: " + applicationId);
  }

  private static StoreException.NotFound notFound(String msisdn) {
    return new StoreException.NotFound("no such number: " + msisdn);
  }
}
