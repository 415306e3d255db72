package io.psip.bench;

import io.psip.ncco.NccoParser;
import io.psip.ncco.NccoResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * {@link NccoParser#parse(String)} — JSON decode plus validation of every field — psip only:
 * <ul>
 *   <li>{@code connect}: the answer bench/load.sh's answer_url stand-in returns for every call (one connect to a SIP
 *   URI with one header), 112 bytes;</li>
 *   <li>{@code full}: a larger answer of the kind a PBX application returns: a notify, then a connect to one SIP
 *   endpoint (headers, User-to-User), timeout, limit, machine detection, event URL and method, ringback, 619 bytes.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NccoBenchmark {
  static final String CONNECT =
      "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"sip\",\"uri\":\"sip:bob@127.0.0.1:15090\","
          + "\"headers\":{\"X-Route\":\"bench\"}}]}]";
  static final String FULL = "[{\"action\":\"notify\",\"payload\":{\"stage\":\"routing\",\"tenant\":\"acme\"},"
      + "\"eventUrl\":[\"https://app.example.com/notify\"],\"eventMethod\":\"POST\"},"
      + "{\"action\":\"connect\",\"from\":\"14155550100\",\"timeout\":30,\"limit\":7200,"
      + "\"machineDetection\":\"continue\",\"eventType\":\"synchronous\","
      + "\"eventUrl\":[\"https://app.example.com/events?leg=b\"],\"eventMethod\":\"POST\","
      + "\"ringbackTone\":\"https://app.example.com/ringback.mp3\","
      + "\"endpoint\":[{\"type\":\"sip\",\"uri\":\"sip:desk1@pbx.example.com:5061;transport=tls\","
      + "\"headers\":{\"X-Route\":\"bench\",\"X-Tenant\":\"acme\",\"X-Call-Reason\":\"support-queue-7\"},"
      + "\"standardHeaders\":{\"User-to-User\":\"56a390f3d2b7310023a2;encoding=hex\"}}]}]";

  @Setup
  public void check() {
    for (String n : new String[] {CONNECT, FULL}) {
      NccoResult r = NccoParser.parse(n);
      if (!r.isValid()) throw new IllegalStateException(((NccoResult.Invalid) r).summary() + " in " + n);
    }
  }

  @Benchmark
  public NccoResult connect() { return NccoParser.parse(CONNECT); }

  @Benchmark
  public NccoResult full() { return NccoParser.parse(FULL); }
}
