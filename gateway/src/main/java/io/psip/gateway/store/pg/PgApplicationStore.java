package io.psip.gateway.store.pg;

import io.psip.directory.DirectoryEntry;
import io.psip.gateway.store.ApplicationRecord;
import io.psip.gateway.store.ApplicationStore;
import io.psip.gateway.store.Page;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.Map;
import java.util.UUID;

import static io.psip.gateway.store.pg.PgSupport.first;
import static io.psip.gateway.store.pg.PgSupport.query;

/** Voice applications, each scoped to its account. */
final class PgApplicationStore implements ApplicationStore {
  private static final String INSERT = """
      INSERT INTO applications (id, account_id, name, voice, version)
      VALUES (#{id}, #{account}, #{name}, #{voice}, nextval('directory_version'))
      RETURNING *""";
  private static final String SELECT_ONE = "SELECT * FROM applications WHERE id = #{id} AND account_id = #{account}";
  private static final String LIST_FROM = "FROM applications WHERE account_id = #{account}";
  private static final String REPLACE = """
      UPDATE applications SET name = #{name}, voice = #{voice}, updated_at = now(),
                              version = nextval('directory_version')
      WHERE id = #{id} AND account_id = #{account}
      RETURNING *""";
  private static final String DELETE = """
      DELETE FROM applications WHERE id = #{id} AND account_id = #{account}
      RETURNING id, nextval('directory_version') AS version""";

  private final PgSupport pg;

  PgApplicationStore(PgSupport pg) { this.pg = pg; }

  @Override
  public Future<ApplicationRecord> create(String accountId, String name, JsonObject voice) {
    Map<String, Object> p = Map.of("id", UUID.randomUUID(), "account", accountId, "name", name, "voice", voice);
    return pg.write(conn -> query(conn, INSERT, p).map(rows -> written(rows.iterator().next())),
        fk -> new StoreException.NotFound("no such account: " + accountId), "application id already exists");
  }

  @Override
  public Future<ApplicationRecord> get(String accountId, UUID id) {
    return pg.read(query(pg.pool, SELECT_ONE, Map.of("id", id, "account", accountId))
        .map(rows -> found(first(rows, StoreRows.APPLICATION), id)));
  }

  @Override
  public Future<Page<ApplicationRecord>> list(String accountId, int page, int pageSize) {
    return pg.read(pg.page(pg.pool, LIST_FROM, "created_at, id", Map.of("account", accountId),
        StoreRows.APPLICATION, page, pageSize));
  }

  @Override
  public Future<ApplicationRecord> replace(String accountId, UUID id, String name, JsonObject voice) {
    Map<String, Object> p = Map.of("id", id, "account", accountId, "name", name, "voice", voice);
    return pg.write(conn -> query(conn, REPLACE, p).map(rows -> {
      Row row = single(rows, id);
      return written(row);
    }), null, "conflict");
  }

  @Override
  public Future<Void> delete(String accountId, UUID id) {
    return pg.write(conn -> query(conn, DELETE, Map.of("id", id, "account", accountId)).map(rows -> {
      Row row = single(rows, id);
      return PgSupport.Written.<Void>of(null,
          DirectoryRows.delete(DirectoryEntry.Kind.APPLICATION, id.toString(), row));
    }), fk -> new StoreException.Conflict("application " + id + " is in use by a domain or a number"), "conflict");
  }

  private static PgSupport.Written<ApplicationRecord> written(Row row) {
    return PgSupport.Written.of(StoreRows.APPLICATION.map(row), DirectoryRows.APPLICATION.map(row));
  }

  private static Row single(RowSet<Row> rows, UUID id) {
    if (rows.size() == 0) throw new StoreException.NotFound("no such application: " + id);
    return rows.iterator().next();
  }

  private static ApplicationRecord found(ApplicationRecord r, UUID id) {
    if (r == null) throw new StoreException.NotFound("no such application: " + id);
    return r;
  }
}
