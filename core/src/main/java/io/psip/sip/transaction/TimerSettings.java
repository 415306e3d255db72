package io.psip.sip.transaction;

/**
 * RFC 3261 §17 timer base values. Every transaction timer is derived from these (Table 4 of RFC 3261 §A).
 * All in milliseconds.
 */
public record TimerSettings(long t1, long t2, long t4) {
  /** RFC 3261 §17.1.1.1: T1 = 500 ms, an estimate of the round-trip time. */
  public static final long DEFAULT_T1 = 500;
  /** T2 = 4 s, the longest retransmission interval for non-INVITE requests and INVITE responses. */
  public static final long DEFAULT_T2 = 4000;
  /** T4 = 5 s, the longest time a message stays in the network. */
  public static final long DEFAULT_T4 = 5000;

  public static final TimerSettings DEFAULT = new TimerSettings(DEFAULT_T1, DEFAULT_T2, DEFAULT_T4);

  public TimerSettings {
    if (t1 <= 0 || t2 < t1 || t4 <= 0) throw new IllegalArgumentException("timers need 0 < T1 <= T2 and T4 > 0");
  }

  /** Timers B, F, H and J: 64*T1, how long a transaction may wait for its peer. */
  public long timeout() { return 64 * t1; }
}
