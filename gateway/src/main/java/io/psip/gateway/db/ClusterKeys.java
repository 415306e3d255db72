package io.psip.gateway.db;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;

import java.security.SecureRandom;

/**
 * Secrets shared by every node on one database: made at the first start of the first node, then read. The first
 * writer wins ({@code ON CONFLICT DO NOTHING}), so nodes starting together still agree. Never logged.
 */
public final class ClusterKeys {
  public static final String DIGEST_NONCE = "digest_nonce";
  static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClusterKeys() {}

  /** The key named {@code name}, created now if no node made it yet. */
  public static Future<byte[]> getOrCreate(Pool pool, String name) {
    byte[] fresh = new byte[KEY_BYTES];
    RANDOM.nextBytes(fresh);
    return pool.preparedQuery("INSERT INTO cluster_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .execute(Tuple.of(name, Buffer.buffer(fresh)))
        .compose(inserted -> pool.preparedQuery("SELECT value FROM cluster_keys WHERE name = $1").execute(Tuple.of(name)))
        .map(rows -> {
          RowIterator<Row> it = rows.iterator();
          if (!it.hasNext()) throw new IllegalStateException("cluster key " + name + " vanished after it was written");
          return it.next().getBuffer("value").getBytes();
        });
  }
}
