package io.psip.gateway.store;

import io.psip.call.LegRecord;
import io.vertx.core.Future;

/**
 * The call records (one per leg) an account can read, written by {@link io.psip.gateway.calls.PgCallRecorder}.
 * Every method is scoped by account: another account's leg is NotFound.
 */
public interface CallStore {
  /** One leg; fails with NotFound. */
  Future<LegRecord> get(String accountId, String uuid);

  /** The legs {@code filter} selects, one page of them, with how many there are in all. */
  Future<CallList> list(String accountId, CallFilter filter);

  /**
   * Closes an open leg that its owning node no longer knows: {@code completed} if it was answered, else
   * {@code failed}, ended now, {@code detail} "lost", disconnected by the platform, marked inferred (a later report
   * from the node still replaces it). Returns the leg as it is now, closed by this call or before; fails with
   * NotFound.
   */
  Future<LegRecord> closeLost(String accountId, String uuid);
}
