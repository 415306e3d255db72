package io.psip.sip.stack.impl;

import io.psip.sip.transaction.impl.TimerHandle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A hashed timer wheel for the stack's long timers: the 64*T1 (32 s) and T4 (5 s) timers every transaction sets
 * (B, D, F, H, J, K, L, M) and most often cancels or outlives. One entry is 32 bytes and a cancel is a field write;
 * a Vert.x timer is a Netty scheduled task, a Vert.x handler and map entries (≈ 250 bytes, a priority-queue insert
 * and removal), for ~4 timers per call lingering 32 s. Deadlines are rounded up to the next {@link #TICK_MS} tick:
 * a timer never fires early, and at most one tick late, which for these timers RFC 3261 §17 does not care about.
 * Not thread-safe: used on the stack's context only.
 */
final class TimerWheel {
  private static final Logger log = LoggerFactory.getLogger(TimerWheel.class);
  static final long TICK_MS = 100;
  private static final long TICK_NANOS = TICK_MS * 1_000_000L;
  private static final int SLOTS = 1024; // one turn = 102.4 s; longer timers go round more than once

  @SuppressWarnings("unchecked")
  private final List<Entry>[] slots = new List[SLOTS];
  private final long origin;
  /** The last tick whose slot was run. */
  private long tick;
  private long live;

  TimerWheel(long nowNanos) {
    this.origin = nowNanos;
    for (int i = 0; i < SLOTS; i++) slots[i] = new ArrayList<>();
  }

  TimerHandle schedule(long nowNanos, long delayMs, Runnable action) {
    long due = Math.max(tick + 1, ceilDiv(nowNanos - origin + delayMs * 1_000_000L, TICK_NANOS));
    Entry e = new Entry(due, action);
    slots[(int) (due & (SLOTS - 1))].add(e);
    live++;
    return e;
  }

  /** Runs every timer due by {@code nowNanos}; returns how many fired. */
  int advance(long nowNanos) {
    long target = (nowNanos - origin) / TICK_NANOS;
    int fired = 0;
    while (tick < target) {
      tick++;
      List<Entry> slot = slots[(int) (tick & (SLOTS - 1))];
      if (slot.isEmpty()) continue;
      // entries of later turns stay; actions may schedule more timers, so the slot is swapped out first
      List<Entry> run = new ArrayList<>(slot);
      slot.clear();
      for (Entry e : run) {
        if (e.action == null) continue; // cancelled
        if (e.due > tick) {
          slot.add(e);
          continue;
        }
        Runnable action = e.action;
        e.action = null;
        live--;
        fired++;
        try {
          action.run();
        } catch (RuntimeException ex) {
          // as with a Vert.x timer, one failing action must not cost the others in its slot
          log.error("transaction timer failed", ex);
        }
      }
    }
    return fired;
  }

  /** Timers set and neither fired nor cancelled. */
  long live() { return live; }

  void clear() {
    for (List<Entry> slot : slots) {
      for (Entry e : slot) e.action = null;
      slot.clear();
    }
    live = 0;
  }

  private static long ceilDiv(long a, long b) { return -Math.floorDiv(-a, b); }

  private final class Entry implements TimerHandle {
    final long due;
    Runnable action;

    Entry(long due, Runnable action) {
      this.due = due;
      this.action = action;
    }

    @Override
    public void cancel() {
      if (action == null) return;
      action = null; // the entry leaves its slot when the wheel comes round; the action (and its transaction) now
      live--;
    }
  }
}
