package io.psip.bench;

import io.psip.sip.message.Address;
import io.psip.sip.message.CSeq;
import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.SipSyntaxException;
import io.psip.sip.message.Uri;
import io.psip.sip.message.Via;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * psip only, not part of the default {@code jmh.sh} run: what the pieces of one {@link Messages#INVITE} parse cost,
 * to see where {@code ParserBenchmark.invite_psip} goes. Each benchmark parses the INVITE's own values for that
 * header through the public API the {@code SipMessage} constructor uses. Run with
 * {@code bench/jmh.sh ParserPartsBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ParserPartsBenchmark {
  // the values as the INVITE carries them (see Messages.INVITE)
  private String via = "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---3f8a2c1d9e7b6a50;rport";
  private String from = "\"Alice Example\" <sip:1001@pbx.example.com>;tag=8d3f2a1b";
  private String to = "<sip:+4930123456@gw.example.net;user=phone>";
  private String contact = "<sip:1001@192.0.2.10:5060;transport=udp>";
  private String requestUri = "sip:+4930123456@gw.example.net;user=phone";
  private String cseq = "102 INVITE";
  private String contentLength = "257";
  private final String[] names = new String[13];

  /** Fresh String instances, as the parser makes them from the bytes (not the interned constants HeaderNames holds). */
  @Setup
  public void setup() {
    String[] spelled = {"Via", "Max-Forwards", "Contact", "To", "From", "Call-ID", "CSeq", "Allow", "Supported",
        "User-Agent", "X-UserId", "Content-Type", "Content-Length"};
    for (int i = 0; i < spelled.length; i++) names[i] = new String(spelled[i].toCharArray());
  }

  @Benchmark
  public List<Via> via() throws SipSyntaxException {
    return Via.parseList(via);
  }

  @Benchmark
  public Address from() throws SipSyntaxException {
    return Address.parse(from);
  }

  @Benchmark
  public Address to() throws SipSyntaxException {
    return Address.parse(to);
  }

  @Benchmark
  public List<Address> contact() throws SipSyntaxException {
    return Address.parseList(contact);
  }

  @Benchmark
  public Uri requestUri() throws SipSyntaxException {
    return Uri.parse(requestUri);
  }

  @Benchmark
  public CSeq cseq() throws SipSyntaxException {
    return CSeq.parse(cseq);
  }

  @Benchmark
  public long contentLength() throws SipSyntaxException {
    return CSeq.parseNumber(contentLength, Integer.MAX_VALUE, "Content-Length");
  }

  /** One canonical-name lookup per header line of the INVITE (the parser does this more than once per line). */
  @Benchmark
  public void headerNames(Blackhole bh) {
    for (String n : names) bh.consume(HeaderNames.canonical(n));
  }
}
