package io.psip.gateway.calls;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.templates.SqlTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Call records beyond the writes of a live node: the node id legs are recorded under, and closing the legs a node
 * left open when it stopped without ending them (run at start-up, before SIP takes calls, and in a cluster by every
 * surviving node when a node leaves).
 */
public final class CallRecords {
  private static final Logger log = LoggerFactory.getLogger(CallRecords.class);

  /**
   * The node id of a standalone node ({@code LegRecord.node}, {@code CallControl.address(node)}): fixed, so a
   * restarted node closes what it left open. A clustered node uses its cluster node id instead (new at every start).
   */
  public static final String STANDALONE_NODE = "local";
  /** {@code detail} of a leg closed because its node restarted. */
  public static final String RESTART = "restart";
  /** {@code detail} of a leg closed because its node no longer knew it (see the hangup of {@code PUT /v1/calls}). */
  public static final String LOST = "lost";
  /** {@code detail} of a leg closed because its node left the cluster (died, or was cut off) with the leg open. */
  public static final String NODE_LOST = "node_lost";

  /**
   * The SET list that ends an open leg on the gateway's inference rather than on its node's report: {@code completed}
   * if it was answered (its duration up to now), else {@code failed}; ended now, by the platform, {@code detail} from
   * the parameter {@code #{detail}}; {@code inferred}, so a later report from the owning node replaces it.
   */
  public static final String INFERRED_END = """
      status = CASE WHEN answer_time IS NULL THEN 'failed' ELSE 'completed' END,
      end_time = now(),
      duration = CASE WHEN answer_time IS NULL THEN 0
        ELSE GREATEST(0, floor(extract(epoch FROM now())) - floor(extract(epoch FROM answer_time)))::integer END,
      detail = #{detail},
      disconnected_by = 'platform',
      inferred = true,
      updated_at = now()""";

  private static final String CLOSE_OPEN = "UPDATE calls SET " + INFERRED_END
      + " WHERE node = #{node} AND end_time IS NULL";
  private static final String CLOSE_OPEN_EXCEPT = "UPDATE calls SET " + INFERRED_END
      + " WHERE end_time IS NULL AND node <> ALL(#{members})";

  private CallRecords() {}

  /**
   * Ends every leg of {@code node} that is still open ({@link #INFERRED_END}, detail {@value #RESTART}) and logs how
   * many. Never fails: a failure is logged and counts as 0, since stale records must not keep a node from starting.
   */
  public static Future<Integer> closeOpen(Pool pool, String node) { return closeOpen(pool, node, RESTART); }

  /**
   * Ends every leg of {@code node} that is still open, with {@code detail}. Idempotent (only open legs change), so
   * every surviving node of a cluster may run it for a node that left. Never fails, as {@link #closeOpen(Pool, String)}.
   */
  public static Future<Integer> closeOpen(Pool pool, String node, String detail) {
    return run(pool, CLOSE_OPEN, Map.of("node", node, "detail", detail), "node " + node, detail);
  }

  /**
   * Ends every open leg of a node that is not among {@code members} (detail {@value #RESTART}): at the start of a
   * clustered node, the legs of nodes that are gone — the whole cluster restarted, or a node died while no other
   * was up to close its legs. Node ids are new at every start, so no member can own such a leg. Never fails.
   */
  public static Future<Integer> closeOpenExcept(Pool pool, List<String> members) {
    return run(pool, CLOSE_OPEN_EXCEPT, Map.of("members", members.toArray(new String[0]), "detail", RESTART),
        "nodes that are not members", RESTART);
  }

  private static Future<Integer> run(Pool pool, String sql, Map<String, Object> params, String whose, String detail) {
    Future<Integer> closed;
    try {
      closed = SqlTemplate.forUpdate(pool, sql).execute(params).map(r -> r.rowCount());
    } catch (RuntimeException e) {
      closed = Future.failedFuture(e);
    }
    return closed
        .onSuccess(n -> {
          if (n > 0) log.info("closed {} call record(s) that {} left open (detail {})", n, whose, detail);
          else log.debug("no open call records of {}", whose);
        })
        .recover(e -> {
          log.warn("cannot close the call records {} left open: {}", whose, e.getMessage());
          return Future.succeededFuture(0);
        });
  }
}
