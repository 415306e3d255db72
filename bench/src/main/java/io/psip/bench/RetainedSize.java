package io.psip.bench;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipMessage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap retained per parsed INVITE ({@link Messages#INVITE}): parses N copies with each parser, keeps them all, and
 * divides the growth of the used heap after full GCs by N. What a server holding parsed messages (transactions,
 * dialogs, a queue under load) pays per message; both parsers then read the same fields as {@link ParserBenchmark}.
 *
 * <pre>java -Xmx2g -cp bench/target/benchmarks.jar io.psip.bench.RetainedSize [N]</pre>
 */
public final class RetainedSize {
  private RetainedSize() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    SipMessageParser psip = new SipMessageParser();
    StringMsgParser jain = new StringMsgParser();
    System.out.printf("INVITE of %d bytes, %d messages kept%n", Messages.INVITE.length, n);
    System.out.printf("psip:     %,d bytes per parsed message%n", retained(n, () -> {
      SipMessage m = Messages.psip(psip, Messages.INVITE);
      m.topVia().branch();
      m.from().tag();
      m.cseq().number();
      return m;
    }));
    System.out.printf("JAIN-SIP: %,d bytes per parsed message%n", retained(n, () -> {
      SIPMessage m = jain.parseSIPMessage(Messages.INVITE, true, false, null);
      m.getTopmostVia().getBranch();
      m.getFrom().getTag();
      m.getCSeq().getSeqNumber();
      return m;
    }));
  }

  private interface Parse {
    Object parse() throws Exception;
  }

  private static long retained(int n, Parse p) throws Exception {
    for (int i = 0; i < 20_000; i++) p.parse(); // warm up, so that class loading and JIT are not counted
    Object[] kept = new Object[n];
    long before = usedAfterGc();
    for (int i = 0; i < n; i++) kept[i] = p.parse();
    long after = usedAfterGc();
    if (kept[n - 1] == null) throw new IllegalStateException();
    return (after - before - 16L - 4L * n) / n; // less the array that holds them (compressed references)
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
