package io.psip.bench;

import io.psip.call.Leg;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * {@link Leg#event(Instant)}, the CONTRACT §6 event JSON a call posts on each status change (5-8 per call):
 * {@code ringing} (the common fields and a timestamp) and {@code completed} (three timestamps, duration, SIP code,
 * disconnected_by).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LegEventBenchmark {
  Leg ringing;
  Leg completed;
  Instant now;

  @Setup
  public void setup() {
    Instant start = Instant.parse("2026-11-26T09:35:21.123456Z");
    ringing = leg(start);
    ringing.ringing();
    completed = leg(start);
    completed.answered(start.plusMillis(2_345));
    completed.end("completed", start.plusMillis(65_432), 200, null, "callee");
    now = start.plusMillis(65_500);
  }

  private static Leg leg(Instant start) {
    return new Leg("63f61863-4a51-4f6b-86e1-46edebcf9356", "CON-f972836a-550f-45fa-956c-12a2ab5b7d22", "acct1", "app-1",
        Leg.Direction.INBOUND, "14155550100", "14155550199", "sip", start);
  }

  @Benchmark
  public JsonObject ringing() { return ringing.event(now); }

  @Benchmark
  public JsonObject completed() { return completed.event(now); }
}
