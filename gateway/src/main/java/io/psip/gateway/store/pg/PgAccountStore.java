package io.psip.gateway.store.pg;

import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainUserEntry;
import io.psip.gateway.store.AccountCredentials;
import io.psip.gateway.store.AccountRecord;
import io.psip.gateway.store.AccountStore;
import io.psip.gateway.store.NewAccount;
import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.psip.gateway.store.pg.PgSupport.all;
import static io.psip.gateway.store.pg.PgSupport.first;
import static io.psip.gateway.store.pg.PgSupport.query;

/**
 * Accounts: the primary (one, from configuration) and the ones it creates. Deleting an account removes everything
 * it owns, explicitly and child first, so each removed entry gets its tombstone in the directory.
 */
final class PgAccountStore implements AccountStore {
  private static final String SELECT_ONE = "SELECT * FROM accounts WHERE api_key = #{key}";
  private static final String SELECT_PRIMARY = "SELECT * FROM accounts WHERE is_primary";
  private static final String LOCK_PRIMARY = "SELECT api_key FROM accounts WHERE is_primary FOR UPDATE";
  private static final String LIST = "SELECT * FROM accounts WHERE NOT is_primary ORDER BY created_at, api_key";
  private static final String INSERT = """
      INSERT INTO accounts (api_key, name, is_primary, secret_hash, digest_realm, ha1_md5, ha1_sha256,
                            signature_secret, version)
      VALUES (#{key}, #{name}, #{primary}, #{secret_hash}, #{digest_realm}, #{ha1_md5}, #{ha1_sha256},
              #{signature_secret}, nextval('directory_version'))
      RETURNING *""";
  /** Replaces the primary's credentials, renaming it when the configured key changed (owned rows follow). */
  private static final String UPDATE_PRIMARY = """
      UPDATE accounts SET api_key = #{key}, name = #{name}, secret_hash = #{secret_hash},
                          digest_realm = #{digest_realm}, ha1_md5 = #{ha1_md5}, ha1_sha256 = #{ha1_sha256},
                          signature_secret = #{signature_secret}, updated_at = now(),
                          version = nextval('directory_version')
      WHERE api_key = #{old_key}
      RETURNING *""";
  private static final String[] RENAMED = {
      "UPDATE applications SET version = nextval('directory_version') WHERE account_id = #{key} RETURNING *",
      "UPDATE domains SET version = nextval('directory_version') WHERE account_id = #{key} RETURNING *",
      "UPDATE numbers SET version = nextval('directory_version') WHERE account_id = #{key} RETURNING *"};
  private static final String LOCK_ACCOUNT =
      "SELECT api_key FROM accounts WHERE api_key = #{key} AND NOT is_primary FOR UPDATE";
  private static final String DELETE_USERS = """
      DELETE FROM domain_users WHERE domain IN (SELECT name FROM domains WHERE account_id = #{key})
      RETURNING domain, user_key, nextval('directory_version') AS version""";
  private static final String DELETE_DOMAINS = """
      DELETE FROM domains WHERE account_id = #{key} RETURNING name, nextval('directory_version') AS version""";
  private static final String DELETE_NUMBERS = """
      DELETE FROM numbers WHERE account_id = #{key} RETURNING msisdn, nextval('directory_version') AS version""";
  private static final String DELETE_APPLICATIONS = """
      DELETE FROM applications WHERE account_id = #{key} RETURNING id, nextval('directory_version') AS version""";
  private static final String DELETE_ACCOUNT = """
      DELETE FROM accounts WHERE api_key = #{key} RETURNING nextval('directory_version') AS version""";

  private final PgSupport pg;

  PgAccountStore(PgSupport pg) { this.pg = pg; }

  @Override
  public Future<AccountRecord> find(String apiKey) {
    return pg.read(query(pg.pool, SELECT_ONE, Map.of("key", apiKey)).map(rows -> first(rows, StoreRows.ACCOUNT)));
  }

  @Override
  public Future<AccountCredentials> credentials(String apiKey) {
    return pg.read(query(pg.pool, SELECT_ONE, Map.of("key", apiKey)).map(rows -> first(rows, row ->
        new AccountCredentials(row.getString("api_key"), row.getString("digest_realm"), row.getString("ha1_md5"),
            row.getString("ha1_sha256"), row.getString("signature_secret")))));
  }

  @Override
  public Future<AccountRecord> primary() {
    return pg.read(query(pg.pool, SELECT_PRIMARY, Map.of()).map(rows -> first(rows, StoreRows.ACCOUNT)));
  }

  /**
   * Inserts the primary, or updates the stored one in place. A new key renames it: its applications, domains and
   * numbers stay with it (and are re-published, since their account id changed). Fails with Conflict when the key
   * belongs to another account, or when another node created a primary at the same moment.
   */
  @Override
  public Future<AccountRecord> upsertPrimary(NewAccount account) {
    Map<String, Object> p = params(account, true);
    return pg.write(conn -> query(conn, LOCK_PRIMARY, Map.of()).compose(current -> {
      if (current.size() == 0) return query(conn, INSERT, p).map(rows -> written(rows.iterator().next()));
      String oldKey = current.iterator().next().getString("api_key");
      p.put("old_key", oldKey);
      return query(conn, UPDATE_PRIMARY, p).compose(rows -> {
        PgSupport.Written<AccountRecord> w = written(rows.iterator().next());
        if (oldKey.equals(account.apiKey())) return Future.succeededFuture(w);
        List<DirectoryChange> changes = new ArrayList<>(w.changes());
        changes.add(DirectoryChange.delete(DirectoryEntry.Kind.ACCOUNT, oldKey, w.changes().get(0).version()));
        return republishOwned(conn, account.apiKey(), changes).map(v -> new PgSupport.Written<>(w.value(), changes));
      });
    }), null, "api.key " + account.apiKey() + " belongs to another account");
  }

  private static Future<Void> republishOwned(SqlConnection conn, String key, List<DirectoryChange> changes) {
    Map<String, Object> p = Map.of("key", key);
    return query(conn, RENAMED[0], p).compose(apps -> {
      changes.addAll(all(apps, DirectoryRows.APPLICATION));
      return query(conn, RENAMED[1], p);
    }).compose(domains -> {
      changes.addAll(all(domains, DirectoryRows.DOMAIN));
      return query(conn, RENAMED[2], p);
    }).map(numbers -> {
      changes.addAll(all(numbers, DirectoryRows.NUMBER));
      return null;
    });
  }

  @Override
  public Future<AccountRecord> create(NewAccount account) {
    return pg.write(conn -> query(conn, INSERT, params(account, false)).map(rows -> written(rows.iterator().next())),
        null, "account " + account.apiKey() + " already exists");
  }

  @Override
  public Future<List<AccountRecord>> list() {
    return pg.read(query(pg.pool, LIST, Map.of()).map(rows -> all(rows, StoreRows.ACCOUNT)));
  }

  @Override
  public Future<Void> delete(String apiKey) {
    Map<String, Object> p = Map.of("key", apiKey);
    List<DirectoryChange> changes = new ArrayList<>();
    return pg.write(conn -> query(conn, LOCK_ACCOUNT, p).compose(locked -> {
      if (locked.size() == 0) throw new StoreException.NotFound("no such account: " + apiKey);
      return query(conn, DELETE_USERS, p);
    }).compose(users -> {
      for (Row u : users) {
        changes.add(DirectoryRows.delete(DirectoryEntry.Kind.DOMAIN_USER,
            DomainUserEntry.keyOf(u.getString("domain"), u.getString("user_key")), u));
      }
      return query(conn, DELETE_DOMAINS, p);
    }).compose(domains -> {
      tombstones(domains, DirectoryEntry.Kind.DOMAIN, "name", changes);
      return query(conn, DELETE_NUMBERS, p);
    }).compose(numbers -> {
      tombstones(numbers, DirectoryEntry.Kind.NUMBER, "msisdn", changes);
      return query(conn, DELETE_APPLICATIONS, p);
    }).compose(apps -> {
      for (Row a : apps) {
        changes.add(DirectoryRows.delete(DirectoryEntry.Kind.APPLICATION, a.getUUID("id").toString(), a));
      }
      return query(conn, DELETE_ACCOUNT, p);
    }).map(account -> {
      changes.add(DirectoryRows.delete(DirectoryEntry.Kind.ACCOUNT, apiKey, account.iterator().next()));
      return new PgSupport.Written<Void>(null, List.copyOf(changes));
    }), null, "conflict");
  }

  private static void tombstones(RowSet<Row> rows, DirectoryEntry.Kind kind, String keyColumn,
                                 List<DirectoryChange> changes) {
    for (Row r : rows) changes.add(DirectoryRows.delete(kind, r.getString(keyColumn), r));
  }

  private static Map<String, Object> params(NewAccount a, boolean primary) {
    Map<String, Object> p = new HashMap<>();
    p.put("key", a.apiKey());
    p.put("name", a.name());
    p.put("primary", primary);
    p.put("secret_hash", a.secretHash());
    p.put("digest_realm", a.digestRealm());
    p.put("ha1_md5", a.ha1Md5());
    p.put("ha1_sha256", a.ha1Sha256());
    p.put("signature_secret", a.signatureSecret());
    return p;
  }

  private static PgSupport.Written<AccountRecord> written(Row row) {
    return PgSupport.Written.of(StoreRows.ACCOUNT.map(row), DirectoryRows.ACCOUNT.map(row));
  }
}
