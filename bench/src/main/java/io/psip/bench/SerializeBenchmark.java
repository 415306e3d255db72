package io.psip.bench;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
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

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Turning messages back into wire form, psip against JAIN-SIP RI 1.3.0-91, on the INVITE of {@link Messages#INVITE}.
 *
 * <ul>
 *   <li>{@code encodeParsed}: bytes of a message that was parsed and not changed. psip keeps the original bytes
 *   and returns them (no work: this measures a field read, and that is the point of the design); JAIN-SIP
 *   re-encodes every header object ({@code encodeAsBytes("UDP")}).</li>
 *   <li>{@code toString}: the same as a String: psip decodes its bytes (UTF-8), JAIN-SIP {@code encode()}.</li>
 *   <li>{@code buildResponse}: a 200 to the parsed INVITE with a To tag, then its bytes. psip:
 *   {@code SipResponse.to(req, 200).toTag("abc").build().encode()} (the builder copies Via/From/To/Call-ID/CSeq,
 *   {@code build()} validates and parses those headers again, {@code encode()} serialises). JAIN-SIP:
 *   {@code req.createResponse(200)} (clones the same header objects), {@code getTo().setTag("abc")},
 *   {@code encodeAsBytes("UDP")}.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SerializeBenchmark {
  private SipRequest psipRequest;
  private SIPRequest jainRequest;

  @Setup
  public void setup() throws ParseException {
    psipRequest = (SipRequest) ((DecodeResult.Message) new SipMessageParser().parseDatagram(Messages.INVITE)).message();
    jainRequest = (SIPRequest) new StringMsgParser().parseSIPMessage(Messages.INVITE, true, false, null);
    if (!Arrays.equals(psipRequest.encode(), Messages.INVITE)) throw new IllegalStateException("psip encode() changed the bytes");
    // sanity: both responses carry the tag, and building one leaves the request alone
    String p = new String(buildResponse_psip(), StandardCharsets.UTF_8);
    String j = new String(buildResponse_jain(), StandardCharsets.UTF_8);
    if (!p.contains("tag=abc") || !j.contains("tag=abc")) throw new IllegalStateException("no To tag:\n" + p + "\n" + j);
    if (jainRequest.getTo().getTag() != null || psipRequest.to().tag() != null) {
      throw new IllegalStateException("building a response changed the request");
    }
  }

  @Benchmark
  public byte[] encodeParsed_psip() {
    return psipRequest.encode();
  }

  @Benchmark
  public byte[] encodeParsed_jain() {
    return jainRequest.encodeAsBytes("UDP");
  }

  @Benchmark
  public String toString_psip() {
    return psipRequest.toString();
  }

  @Benchmark
  public String toString_jain() {
    return jainRequest.encode();
  }

  @Benchmark
  public byte[] buildResponse_psip() {
    return SipResponse.to(psipRequest, 200).toTag("abc").build().encode();
  }

  @Benchmark
  public byte[] buildResponse_jain() throws ParseException {
    SIPResponse r = jainRequest.createResponse(200);
    r.getTo().setTag("abc");
    return r.encodeAsBytes("UDP");
  }
}
