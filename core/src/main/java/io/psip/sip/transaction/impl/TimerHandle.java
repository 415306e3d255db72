package io.psip.sip.transaction.impl;

/** A transaction timer that has been set; cancelling it twice, or after it fired, does nothing. */
public interface TimerHandle {
  void cancel();

  /** No timer: what a transaction's timer fields start as. */
  TimerHandle NONE = () -> { };
}
