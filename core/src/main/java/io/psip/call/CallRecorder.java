package io.psip.call;

/**
 * Where legs are recorded (PostgreSQL in the gateway). Called on the SIP context for every status change: it must
 * return at once and never fail the call; an implementation writes asynchronously and logs what it cannot write.
 */
public interface CallRecorder {
  CallRecorder NONE = leg -> { };

  void record(LegRecord leg);
}
