package io.psip.gateway.calls;

import io.psip.call.CallRecorder;
import io.psip.call.LegRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Call records off the call's path: {@link #record} only remembers the leg's latest state; every
 * {@value #DEFAULT_FLUSH_MS} ms (or sooner when {@value #DEFAULT_MAX_BATCH} legs wait) the waiting legs are written in
 * one batch, one transaction, one WAL flush. A leg that changed several times in between is written once, as it is
 * now. Batches go one at a time, so a leg's writes stay in order (the upsert also refuses to reopen an ended leg).
 * <p>
 * Bounded: past {@value #DEFAULT_MAX_PENDING} waiting legs (the database is down or far too slow) new ones are
 * dropped and counted, with one WARN per batch, rather than growing the heap until the node falls over.
 */
public final class BatchingCallRecorder implements CallRecorder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatchingCallRecorder.class);
  public static final long DEFAULT_FLUSH_MS = 100;
  public static final int DEFAULT_MAX_BATCH = 500;
  public static final int DEFAULT_MAX_PENDING = 100_000;

  private final Vertx vertx;
  private final PgCallRecorder writer;
  private final int maxBatch;
  private final int maxPending;
  private final long timer;
  private final Map<String, LegRecord> pending = new LinkedHashMap<>(); // guarded by this
  private boolean writing;                                              // guarded by this
  private long dropped;                                                 // guarded by this
  private Promise<Void> drained;                                        // guarded by this

  public BatchingCallRecorder(Vertx vertx, PgCallRecorder writer) {
    this(vertx, writer, DEFAULT_FLUSH_MS, DEFAULT_MAX_BATCH, DEFAULT_MAX_PENDING);
  }

  public BatchingCallRecorder(Vertx vertx, PgCallRecorder writer, long flushMs, int maxBatch, int maxPending) {
    this.vertx = vertx;
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.maxPending = maxPending;
    this.timer = vertx.setPeriodic(flushMs, id -> flush());
  }

  @Override
  public void record(LegRecord leg) {
    boolean full;
    synchronized (this) {
      if (!pending.containsKey(leg.uuid()) && pending.size() >= maxPending) {
        dropped++;
        return;
      }
      pending.remove(leg.uuid()); // re-inserted last: the batch order follows the latest change
      pending.put(leg.uuid(), leg);
      full = pending.size() >= maxBatch && !writing;
    }
    if (full) vertx.runOnContext(v -> flush());
  }

  /** Writes what waits now, unless a batch is already on its way (it will pick the rest up when done). */
  void flush() {
    List<LegRecord> batch;
    long lost;
    synchronized (this) {
      if (writing || pending.isEmpty()) {
        if (!writing && drained != null) {
          drained.tryComplete();
          drained = null;
        }
        return;
      }
      batch = new ArrayList<>(Math.min(pending.size(), maxBatch));
      var it = pending.values().iterator();
      while (it.hasNext() && batch.size() < maxBatch) {
        batch.add(it.next());
        it.remove();
      }
      writing = true;
      lost = dropped;
      dropped = 0;
    }
    if (lost > 0) log.warn("{} call record change(s) dropped: the database is not keeping up", lost);
    writer.writeBatch(batch).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("{} call record(s) not written: {}", batch.size(), PgCallRecorder.reason(ar.cause()));
      }
      synchronized (this) {
        writing = false;
      }
      flush(); // the next batch at once if more is waiting
    });
  }

  /** Completes once everything recorded so far is written (or failed): for a clean stop. */
  public Future<Void> drain() {
    Promise<Void> p;
    synchronized (this) {
      if (!writing && pending.isEmpty()) return Future.succeededFuture();
      if (drained == null) drained = Promise.promise();
      p = drained;
    }
    vertx.runOnContext(v -> flush());
    return p.future();
  }

  /** Legs waiting to be written (metrics, tests). */
  public synchronized int pending() { return pending.size(); }

  @Override
  public void close() { vertx.cancelTimer(timer); }
}
