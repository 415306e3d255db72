package io.psip.gateway.store.pg;

import io.psip.gateway.store.StoreException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

import java.util.function.Function;

/**
 * Database failures in the store's terms. A unique violation is a {@link StoreException.Conflict}; what a foreign-key
 * violation means depends on the statement, so the caller says; a server that cannot be reached, is shutting down or
 * refuses connections, a connection lost mid-query and every timeout are {@link StoreException.Unavailable}. Anything
 * else (a bug in our SQL) passes through unchanged.
 */
final class PgErrors {
  static final String UNIQUE_VIOLATION = "23505";
  static final String FOREIGN_KEY_VIOLATION = "23503";

  private PgErrors() {}

  /** Maps a failure; {@code onForeignKey} turns a 23503 into the exception that fits the statement. */
  static Throwable map(Throwable e, Function<PgException, StoreException> onForeignKey, String conflict) {
    if (e instanceof StoreException) return e;
    if (e instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      if (state.equals(UNIQUE_VIOLATION)) return new StoreException.Conflict(conflict);
      if (state.equals(FOREIGN_KEY_VIOLATION) && onForeignKey != null) return onForeignKey.apply(pg);
      if (unavailable(state)) return new StoreException.Unavailable("database unavailable: " + pg.getErrorMessage());
      return e;
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof NullPointerException
        || e instanceof ClassCastException) {
      return e; // a programming error, not an outage
    }
    // connection refused or reset, connect/acquire/operation timeouts, a closed connection or pool
    return new StoreException.Unavailable("database unavailable: " + describe(e));
  }

  /** {@code future}, its failures {@link #map mapped}. */
  static <T> Future<T> mapped(Future<T> future, Function<PgException, StoreException> onForeignKey, String conflict) {
    return future.recover(e -> Future.failedFuture(map(e, onForeignKey, conflict)));
  }

  /**
   * Class 08 connection exceptions, 53 insufficient resources (too many connections), 57P01-57P03 (shutdown, cannot
   * connect now), 40001/40P01 (serialization, deadlock: safe to retry later).
   */
  private static boolean unavailable(String state) {
    return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
        || state.equals("40001") || state.equals("40P01");
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
