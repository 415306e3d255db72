package io.psip.authdigest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bans a source address after repeated authentication failures (CONTRACT §3: {@code auth.ban.failures} = 10 within
 * {@code auth.ban.window_s} = 60 s → refused for {@code auth.ban.time_s} = 300 s). Other sources are unaffected.
 *
 * <p>Exact sliding window: each source keeps the times of its last N failures in a ring; the N-th failure within the
 * window bans it. Memory is bounded by {@code capacity} sources (N longs each): when full, sources with neither a
 * failure inside the window nor a running ban are purged; if it is still full, a new source's failure is not tracked
 * (counted in {@link #untrackedFailures()}) — running bans are never evicted to make room.
 *
 * <p>Keys are whatever the caller uses for a source (the packet's address as text, normalised). Thread-safe.
 */
public final class FailureBan {
  public static final int DEFAULT_FAILURES = 10;
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  public static final Duration DEFAULT_BAN = Duration.ofSeconds(300);
  public static final int DEFAULT_CAPACITY = 100_000;

  private static final class Source {
    final long[] failures; // ring of failure times (ms), oldest at next
    int next;
    int count;
    long bannedUntil;

    Source(int n) { failures = new long[n]; }
  }

  private final ConcurrentHashMap<String, Source> sources = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int threshold;
  private final long windowMillis;
  private final long banMillis;
  private final int capacity;
  private final AtomicLong failuresRecorded = new AtomicLong();
  private final AtomicLong bansIssued = new AtomicLong();
  private final AtomicLong untracked = new AtomicLong();

  public FailureBan(Clock clock, int failures, Duration window, Duration ban, int capacity) {
    if (failures < 1 || capacity < 1 || window.isNegative() || ban.isNegative()) {
      throw new IllegalArgumentException("failures and capacity must be positive, durations non-negative");
    }
    this.clock = clock;
    this.threshold = failures;
    this.windowMillis = window.toMillis();
    this.banMillis = ban.toMillis();
    this.capacity = capacity;
  }

  public FailureBan(Clock clock) { this(clock, DEFAULT_FAILURES, DEFAULT_WINDOW, DEFAULT_BAN, DEFAULT_CAPACITY); }

  /** Whether the source is banned now (refuse with 403, no challenge). */
  public boolean isBanned(String source) {
    Source s = sources.get(source);
    if (s == null) return false;
    synchronized (s) {
      return s.bannedUntil > clock.millis();
    }
  }

  /** Records one failed attempt; returns true when this failure started a ban (log it once, then). */
  public boolean recordFailure(String source) {
    long now = clock.millis();
    failuresRecorded.incrementAndGet();
    if (sources.size() >= capacity && !sources.containsKey(source)) {
      purge();
      if (sources.size() >= capacity) {
        untracked.incrementAndGet();
        return false;
      }
    }
    Source s = sources.computeIfAbsent(source, k -> new Source(threshold));
    synchronized (s) {
      if (s.bannedUntil > now) return false; // already banned: the running ban is not extended
      s.failures[s.next] = now;
      s.next = (s.next + 1) % threshold;
      s.count = Math.min(s.count + 1, threshold);
      long oldest = s.failures[s.next % threshold]; // after the write, next points at the oldest of the last N
      if (s.count == threshold && now - oldest < windowMillis) {
        s.bannedUntil = now + banMillis;
        s.count = 0;
        bansIssued.incrementAndGet();
        return true;
      }
      return false;
    }
  }

  /** Drops sources with no failure inside the window and no running ban. */
  public void purge() {
    long now = clock.millis();
    sources.forEach((k, s) -> {
      synchronized (s) {
        long last = s.failures[(s.next + threshold - 1) % threshold];
        boolean idle = s.bannedUntil <= now && (s.count == 0 || now - last >= windowMillis);
        if (idle) sources.remove(k, s);
      }
    });
  }

  /** Sources banned right now (a gauge; a scan, call it at metrics scrape time, not per request). */
  public int bannedCount() {
    long now = clock.millis();
    int n = 0;
    for (Source s : sources.values()) {
      synchronized (s) {
        if (s.bannedUntil > now) n++;
      }
    }
    return n;
  }

  /** Sources tracked, for metrics. */
  public int trackedSources() { return sources.size(); }

  public long failuresRecorded() { return failuresRecorded.get(); }

  public long bansIssued() { return bansIssued.get(); }

  /** Failures that could not be tracked because the table was full of live sources. */
  public long untrackedFailures() { return untracked.get(); }
}
