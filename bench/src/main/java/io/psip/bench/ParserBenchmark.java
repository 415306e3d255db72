package io.psip.bench;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.text.ParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * psip's datagram parser against the JAIN-SIP RI 1.3.0-91 {@code StringMsgParser}, on the same bytes in the same run.
 * Benchmarks are named {@code <case>_psip} / {@code <case>_jain}; {@code jmh.sh} pairs them and prints
 * JAIN-SIP time / psip time.
 *
 * <p>What each parser does eagerly (i.e. what one op pays for):
 * <ul>
 *   <li><b>psip</b> ({@code SipMessageParser.parseDatagram}): frames the datagram, splits every header line into a
 *   name and a (trimmed) value range, parses the start line and Request-URI, checks Content-Length, copies the
 *   message bytes once, and then ({@code SipMessage} constructor) fully parses Via, From, To, Call-ID, CSeq,
 *   Max-Forwards, Contact, Route, Record-Route and Content-Length into objects. Every other header (Allow,
 *   Supported, User-Agent, Content-Type, X-…) stays a range of the message's bytes until its value is asked for;
 *   the body is copied out on the first {@code body()}.</li>
 *   <li><b>JAIN-SIP</b> ({@code StringMsgParser.parseSIPMessage(bytes, readBody=true, strict=false, null)}): decodes
 *   the head to a String, then runs a dedicated {@code HeaderParser} (with its own lexer) on <em>every</em> header,
 *   building typed header objects for all of them (Allow, Supported, User-Agent, Content-Type included; unknown
 *   ones as {@code ExtensionHeaderImpl}); the body is copied as bytes and not parsed (no SDP parsing on either side).</li>
 * </ul>
 * Both benchmarks then read the top Via branch, the From tag and the CSeq number, so neither is credited for work
 * it would defer past the point where a SIP stack needs those fields (transaction matching).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ParserBenchmark {
  /**
   * The corpus messages both parsers accept (RFC 4475 valid and semantic cases, RFC 5118 wire form); see
   * {@link Messages#main}. Fixed here so the per-message average always covers the same set: if a parser change
   * makes either side reject one of them, {@link #setup} fails and this list must be revisited on purpose.
   */
  static final String[] CORPUS = {
      "rfc4475/badbranch.dat", "rfc4475/bcast.dat", "rfc4475/bext01.dat", "rfc4475/cparam01.dat",
      "rfc4475/cparam02.dat", "rfc4475/dblreq.dat", "rfc4475/esc01.dat", "rfc4475/esc02.dat", "rfc4475/escnull.dat",
      "rfc4475/escruri.dat", "rfc4475/intmeth.dat", "rfc4475/inv2543.dat", "rfc4475/invut.dat",
      "rfc4475/longreq.dat", "rfc4475/lwsdisp.dat", "rfc4475/mismatch01.dat", "rfc4475/mismatch02.dat",
      "rfc4475/mpart01.dat", "rfc4475/noreason.dat", "rfc4475/novelsc.dat", "rfc4475/regaut01.dat",
      "rfc4475/regescrt.dat", "rfc4475/sdp01.dat", "rfc4475/semiuri.dat", "rfc4475/transports.dat",
      "rfc4475/unkscm.dat", "rfc4475/unksm2.dat", "rfc4475/unreason.dat", "rfc4475/wsinv.dat", "rfc4475/zeromf.dat",
      "rfc5118-wire/ipv4-mapped-ipv6.dat", "rfc5118-wire/ipv6-correct-abnf-2-colons.dat",
      "rfc5118-wire/ipv6-good.dat", "rfc5118-wire/ipv6-in-sdp.dat", "rfc5118-wire/mult-ip-in-header.dat",
      "rfc5118-wire/mult-ip-in-sdp.dat", "rfc5118-wire/port-ambiguous.dat", "rfc5118-wire/port-unambiguous.dat",
      "rfc5118-wire/via-received-param-no-delim.dat", "rfc5118-wire/via-received-param-with-delim.dat",
  };
  static final int CORPUS_SIZE = 40;

  private SipMessageParser psip;
  private StringMsgParser jain;
  private byte[] invite;
  private byte[][] corpus;

  @Setup
  public void setup() throws ParseException {
    psip = new SipMessageParser();
    jain = new StringMsgParser();
    invite = Messages.INVITE.clone();
    if (CORPUS.length != CORPUS_SIZE) throw new IllegalStateException("CORPUS_SIZE != CORPUS.length");
    List<Messages.CorpusMessage> all = Messages.corpus();
    corpus = new byte[CORPUS_SIZE][];
    for (int i = 0; i < CORPUS_SIZE; i++) {
      String name = CORPUS[i];
      corpus[i] = all.stream().filter(c -> c.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalStateException("corpus file missing: " + name)).bytes();
    }
    // both parsers must accept every input, with the key fields present, or the comparison is meaningless
    check("INVITE", invite);
    for (int i = 0; i < CORPUS_SIZE; i++) check(CORPUS[i], corpus[i]);
  }

  private void check(String name, byte[] bytes) {
    if (Messages.psip(psip, bytes) == null) throw new IllegalStateException("psip does not accept " + name);
    if (Messages.jain(bytes) == null) throw new IllegalStateException("JAIN-SIP does not accept " + name);
  }

  // ---- one INVITE with SDP ----

  @Benchmark
  public void invite_psip(Blackhole bh) {
    psipParse(invite, bh);
  }

  @Benchmark
  public void invite_jain(Blackhole bh) throws ParseException {
    jainParse(invite, bh);
  }

  // ---- the corpus: one op parses every message; the score is per message ----

  @Benchmark
  @OperationsPerInvocation(CORPUS_SIZE)
  public void corpus_psip(Blackhole bh) {
    for (byte[] m : corpus) psipParse(m, bh);
  }

  @Benchmark
  @OperationsPerInvocation(CORPUS_SIZE)
  public void corpus_jain(Blackhole bh) throws ParseException {
    for (byte[] m : corpus) jainParse(m, bh);
  }

  private void psipParse(byte[] bytes, Blackhole bh) {
    DecodeResult r = psip.parseDatagram(bytes);
    SipMessage m = ((DecodeResult.Message) r).message();
    bh.consume(m.topVia().branch());   // eager in psip: Via parsed in the SipMessage constructor
    bh.consume(m.from().tag());        // eager: From parsed into an Address
    bh.consume(m.cseq().number());     // eager: CSeq parsed
    bh.consume(m);
  }

  private void jainParse(byte[] bytes, Blackhole bh) throws ParseException {
    // null listener: what a caller without error handling passes; no input here raises a header error anyway
    SIPMessage m = jain.parseSIPMessage(bytes, true, false, null);
    bh.consume(m.getTopmostVia().getBranch()); // eager in JAIN-SIP: every header is parsed when the message is
    bh.consume(m.getFrom().getTag());
    bh.consume(m.getCSeq().getSeqNumber());
    bh.consume(m);
  }
}
