package io.psip.gateway.store.pg;

import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainUserEntry;
import io.psip.gateway.store.DomainUserRecord;
import io.psip.gateway.store.DomainUserStore;
import io.psip.gateway.store.Page;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;

import java.util.Map;

import static io.psip.gateway.store.pg.PgSupport.first;
import static io.psip.gateway.store.pg.PgSupport.query;

/**
 * Digest users of a domain, reached only through a domain of the calling account. The per-domain limit holds under
 * concurrency: a creation locks its domain row, then counts, then inserts, so racing creations take turns.
 */
final class PgDomainUserStore implements DomainUserStore {
  private static final String LOCK_DOMAIN =
      "SELECT name FROM domains WHERE name = #{domain} AND account_id = #{account} FOR UPDATE";
  private static final String COUNT = "SELECT count(*) FROM domain_users WHERE domain = #{domain}";
  private static final String INSERT = """
      INSERT INTO domain_users (domain, user_key, ha1_md5, ha1_sha256, version)
      VALUES (#{domain}, #{key}, #{ha1_md5}, #{ha1_sha256}, nextval('directory_version'))
      RETURNING *""";
  private static final String SELECT_ONE = """
      SELECT u.* FROM domain_users u JOIN domains d ON d.name = u.domain
      WHERE u.domain = #{domain} AND u.user_key = #{key} AND d.account_id = #{account}""";
  private static final String DOMAIN_EXISTS = "SELECT 1 FROM domains WHERE name = #{domain} AND account_id = #{account}";
  private static final String LIST_FROM = "FROM domain_users WHERE domain = #{domain}";
  private static final String UPDATE = """
      UPDATE domain_users u SET ha1_md5 = #{ha1_md5}, ha1_sha256 = #{ha1_sha256}, updated_at = now(),
                                version = nextval('directory_version')
      FROM domains d
      WHERE d.name = u.domain AND d.account_id = #{account} AND u.domain = #{domain} AND u.user_key = #{key}
      RETURNING u.*""";
  private static final String DELETE = """
      DELETE FROM domain_users u USING domains d
      WHERE d.name = u.domain AND d.account_id = #{account} AND u.domain = #{domain} AND u.user_key = #{key}
      RETURNING nextval('directory_version') AS version""";

  private final PgSupport pg;

  PgDomainUserStore(PgSupport pg) { this.pg = pg; }

  @Override
  public Future<DomainUserRecord> create(String accountId, String domain, String key, String ha1Md5,
                                         String ha1Sha256) {
    Map<String, Object> p = Map.of("account", accountId, "domain", domain, "key", key, "ha1_md5", ha1Md5,
        "ha1_sha256", ha1Sha256);
    return pg.write(conn -> query(conn, LOCK_DOMAIN, p)
        .compose(locked -> {
          if (locked.size() == 0) throw noDomain(domain);
          return query(conn, COUNT, p);
        })
        .compose(count -> {
          if (count.iterator().next().getLong(0) >= MAX_USERS_PER_DOMAIN) {
            throw new StoreException.Conflict("domain " + domain + " has the maximum of " + MAX_USERS_PER_DOMAIN
                + " users");
          }
          return query(conn, INSERT, p);
        })
        .map(rows -> written(rows.iterator().next())),
        fk -> noDomain(domain), "user " + key + " already exists in domain " + domain);
  }

  @Override
  public Future<DomainUserRecord> get(String accountId, String domain, String key) {
    return pg.read(query(pg.pool, SELECT_ONE, Map.of("account", accountId, "domain", domain, "key", key))
        .map(rows -> {
          DomainUserRecord r = first(rows, StoreRows.DOMAIN_USER);
          if (r == null) throw noUser(domain, key);
          return r;
        }));
  }

  @Override
  public Future<Page<DomainUserRecord>> list(String accountId, String domain, int page, int pageSize) {
    Map<String, Object> p = Map.of("account", accountId, "domain", domain);
    return pg.read(pg.pool.withConnection(conn -> query(conn, DOMAIN_EXISTS, p).compose(exists -> {
      if (exists.size() == 0) throw noDomain(domain);
      return pg.page(conn, LIST_FROM, "created_at, user_key", p, StoreRows.DOMAIN_USER, page, pageSize);
    })));
  }

  @Override
  public Future<DomainUserRecord> update(String accountId, String domain, String key, String ha1Md5,
                                         String ha1Sha256) {
    Map<String, Object> p = Map.of("account", accountId, "domain", domain, "key", key, "ha1_md5", ha1Md5,
        "ha1_sha256", ha1Sha256);
    return pg.write(conn -> query(conn, UPDATE, p).map(rows -> {
      if (rows.size() == 0) throw noUser(domain, key);
      return written(rows.iterator().next());
    }), null, "conflict");
  }

  @Override
  public Future<Void> delete(String accountId, String domain, String key) {
    Map<String, Object> p = Map.of("account", accountId, "domain", domain, "key", key);
    return pg.write(conn -> query(conn, DELETE, p).map(rows -> {
      if (rows.size() == 0) throw noUser(domain, key);
      return PgSupport.Written.<Void>of(null, DirectoryRows.delete(DirectoryEntry.Kind.DOMAIN_USER,
          DomainUserEntry.keyOf(domain, key), rows.iterator().next()));
    }), null, "conflict");
  }

  private static PgSupport.Written<DomainUserRecord> written(Row row) {
    return PgSupport.Written.of(StoreRows.DOMAIN_USER.map(row), DirectoryRows.DOMAIN_USER.map(row));
  }

  private static StoreException.NotFound noDomain(String domain) {
    return new StoreException.NotFound("no such domain: " + domain);
  }

  private static StoreException.NotFound noUser(String domain, String key) {
    return new StoreException.NotFound("no such user " + key + " in domain " + domain);
  }
}
