package io.psip.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per operation, for a machine shared with other work ({@code -prof io.psip.bench.CpuTimeProfiler}).
 * JMH's avgt score is wall-clock time: when other processes compete for the 2 vCPUs it grows although the code did
 * not change. CPU time per op does not (much), so the psip/JAIN-SIP ratio on CPU time is the steadier comparison.
 *
 * <ul>
 *   <li>{@code cpu.process.norm}: CPU time of the whole benchmark JVM per op, µs: the benchmark thread plus the GC
 *   (and any JIT) threads, so allocation is charged to the benchmark that causes it.</li>
 *   <li>{@code cpu.thread.norm}: CPU time of the benchmark thread(s) only, µs per op.</li>
 * </ul>
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long processBefore;
  private Map<Long, Long> workersBefore = Map.of();

  @Override
  public String getDescription() {
    return "CPU time per op: whole JVM (benchmark + GC + JIT threads) and benchmark threads only";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    workersBefore = workerCpu();
    processBefore = os.getProcessCpuTime();
  }

  @Override
  public List<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                  IterationResult result) {
    long process = os.getProcessCpuTime() - processBefore;
    long worker = 0;
    for (Map.Entry<Long, Long> e : workerCpu().entrySet()) worker += e.getValue() - workersBefore.getOrDefault(e.getKey(), 0L);
    long ops = result.getMetadata().getAllOps();
    if (ops <= 0 || process < 0) return List.of();
    return List.of(
        new ScalarResult("cpu.process.norm", process / 1e3 / ops, "us/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.thread.norm", worker / 1e3 / ops, "us/op", AggregationPolicy.AVG));
  }

  /** CPU nanoseconds so far of each JMH benchmark thread (named "...-jmh-worker-N"). */
  private Map<Long, Long> workerCpu() {
    Map<Long, Long> out = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!t.getName().contains("jmh-worker")) continue;
      long cpu = threads.getThreadCpuTime(t.getId());
      if (cpu >= 0) out.put(t.getId(), cpu);
    }
    return out;
  }
}
