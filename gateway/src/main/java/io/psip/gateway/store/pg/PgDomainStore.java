package io.psip.gateway.store.pg;

import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainUserEntry;
import io.psip.gateway.store.DomainRecord;
import io.psip.gateway.store.DomainStore;
import io.psip.gateway.store.Page;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.psip.gateway.store.pg.PgSupport.first;
import static io.psip.gateway.store.pg.PgSupport.query;

/**
 * PSIP domains: names unique across all accounts (the primary key decides a race: exactly one creation wins), each
 * using one of its own account's applications (a composite foreign key guarantees it).
 */
final class PgDomainStore implements DomainStore {
  private static final String INSERT = """
      INSERT INTO domains (name, account_id, application_id, acl, digest_auth, tls, srtp, domain_type, version)
      VALUES (#{name}, #{account}, #{application}, #{acl}, #{digest_auth}, #{tls}, #{srtp}, #{domain_type},
              nextval('directory_version'))
      RETURNING *""";
  private static final String SELECT_ONE = "SELECT * FROM domains WHERE name = #{name} AND account_id = #{account}";
  private static final String LIST_FROM = "FROM domains WHERE account_id = #{account}";
  private static final String UPDATE = """
      UPDATE domains SET application_id = #{application}, acl = #{acl}, digest_auth = #{digest_auth}, tls = #{tls},
                         srtp = #{srtp}, domain_type = #{domain_type}, updated_at = now(),
                         version = nextval('directory_version')
      WHERE name = #{name} AND account_id = #{account}
      RETURNING *""";
  private static final String LOCK = "SELECT name FROM domains WHERE name = #{name} AND account_id = #{account} FOR UPDATE";
  private static final String DELETE_USERS = """
      DELETE FROM domain_users WHERE domain = #{name}
      RETURNING user_key, nextval('directory_version') AS version""";
  private static final String DELETE = """
      DELETE FROM domains WHERE name = #{name}
      RETURNING name, nextval('directory_version') AS version""";

  private final PgSupport pg;

  PgDomainStore(PgSupport pg) { this.pg = pg; }

  @Override
  public Future<DomainRecord> create(DomainRecord d) {
    return pg.write(conn -> query(conn, INSERT, params(d)).map(rows -> written(rows.iterator().next())),
        noApplication(d), "domain name " + d.name() + " is taken");
  }

  @Override
  public Future<DomainRecord> get(String accountId, String name) {
    return pg.read(query(pg.pool, SELECT_ONE, Map.of("name", name, "account", accountId)).map(rows -> {
      DomainRecord r = first(rows, StoreRows.DOMAIN);
      if (r == null) throw notFound(name);
      return r;
    }));
  }

  @Override
  public Future<Page<DomainRecord>> list(String accountId, int page, int pageSize) {
    return pg.read(pg.page(pg.pool, LIST_FROM, "created_at, name", Map.of("account", accountId), StoreRows.DOMAIN,
        page, pageSize));
  }

  @Override
  public Future<DomainRecord> update(DomainRecord d) {
    return pg.write(conn -> query(conn, UPDATE, params(d)).map(rows -> {
      if (rows.size() == 0) throw notFound(d.name());
      return written(rows.iterator().next());
    }), noApplication(d), "conflict");
  }

  /** Deletes the users first (a tombstone each), then the domain, with the domain row locked throughout. */
  @Override
  public Future<Void> delete(String accountId, String name) {
    Map<String, Object> p = Map.of("name", name, "account", accountId);
    return pg.write(conn -> query(conn, LOCK, p).compose(locked -> {
      if (locked.size() == 0) throw notFound(name);
      List<DirectoryChange> changes = new ArrayList<>();
      return query(conn, DELETE_USERS, p).compose(users -> {
        for (Row u : users) {
          changes.add(DirectoryRows.delete(DirectoryEntry.Kind.DOMAIN_USER,
              DomainUserEntry.keyOf(name, u.getString("user_key")), u));
        }
        return query(conn, DELETE, p);
      }).map(deleted -> {
        changes.add(DirectoryRows.delete(DirectoryEntry.Kind.DOMAIN, name, deleted.iterator().next()));
        return new PgSupport.Written<Void>(null, changes);
      });
    }), null, "conflict");
  }

  private static Map<String, Object> params(DomainRecord d) {
    Map<String, Object> p = new HashMap<>();
    p.put("name", d.name());
    p.put("account", d.accountId());
    p.put("application", d.applicationId());
    p.put("acl", d.acl().toArray(String[]::new));
    p.put("digest_auth", d.digestAuth());
    p.put("tls", d.tls());
    p.put("srtp", d.srtp());
    p.put("domain_type", d.domainType());
    return p;
  }

  private static PgSupport.Written<DomainRecord> written(Row row) {
    return PgSupport.Written.of(StoreRows.DOMAIN.map(row), DirectoryRows.DOMAIN.map(row));
  }

  private static Function<PgException, StoreException> noApplication(DomainRecord d) {
    return fk -> new StoreException.NotFound("no such application: " + d.applicationId());
  }

  private static StoreException.NotFound notFound(String name) {
    return new StoreException.NotFound("no such domain: " + name);
  }
}
