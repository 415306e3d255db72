package io.psip.bench;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.SipMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The message bytes the benchmarks parse: one typical PBX INVITE with SDP, and the RFC 4475/5118 corpus. */
public final class Messages {
  private Messages() {}

  /** ~250 bytes of SDP, the offer a PBX sends (G.711 A/µ-law plus RFC 4733 DTMF). */
  static final String SDP = ""
      + "v=0\r\n"
      + "o=- 1718022123 1718022123 IN IP4 192.0.2.10\r\n"
      + "s=Asterisk\r\n"
      + "c=IN IP4 192.0.2.10\r\n"
      + "t=0 0\r\n"
      + "m=audio 16384 RTP/AVP 8 0 101\r\n"
      + "a=rtpmap:8 PCMA/8000\r\n"
      + "a=rtpmap:0 PCMU/8000\r\n"
      + "a=rtpmap:101 telephone-event/8000\r\n"
      + "a=fmtp:101 0-16\r\n"
      + "a=ptime:20\r\n"
      + "a=maxptime:150\r\n"
      + "a=sendrecv\r\n";

  /** A typical INVITE from a PBX to a trunk gateway, as it arrives in one UDP datagram (CRLF, exact Content-Length). */
  public static final byte[] INVITE = (""
      + "INVITE sip:+4930123456@gw.example.net;user=phone SIP/2.0\r\n"
      + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---3f8a2c1d9e7b6a50;rport\r\n"
      + "Max-Forwards: 70\r\n"
      + "Contact: <sip:1001@192.0.2.10:5060;transport=udp>\r\n"
      + "To: <sip:+4930123456@gw.example.net;user=phone>\r\n"
      + "From: \"Alice Example\" <sip:1001@pbx.example.com>;tag=8d3f2a1b\r\n"
      + "Call-ID: 5f1e8c2a9b3d4e6f7a8b9c0d1e2f3a4b@192.0.2.10\r\n"
      + "CSeq: 102 INVITE\r\n"
      + "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE, UPDATE, PRACK\r\n"
      + "Supported: replaces, timer, 100rel\r\n"
      + "User-Agent: Asterisk PBX 18.20.0\r\n"
      + "X-UserId: 4711\r\n"
      + "Content-Type: application/sdp\r\n"
      + "Content-Length: " + SDP.length() + "\r\n"
      + "\r\n"
      + SDP).getBytes(StandardCharsets.US_ASCII);

  /** One corpus file: its path under {@code corpus/} and its bytes (exactly as in the RFC archives). */
  public record CorpusMessage(String name, byte[] bytes) {}

  /** Every file listed in {@code corpus/index.txt}: RFC 4475 (49, CRLF) and RFC 5118 wire form (12, CRLF). */
  public static List<CorpusMessage> corpus() {
    List<CorpusMessage> out = new ArrayList<>();
    try (InputStream idx = resource("corpus/index.txt");
         BufferedReader r = new BufferedReader(new InputStreamReader(idx, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        line = line.trim();
        if (line.isEmpty() || line.startsWith("#")) continue;
        try (InputStream in = resource("corpus/" + line)) {
          out.add(new CorpusMessage(line, in.readAllBytes()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static InputStream resource(String path) {
    InputStream in = Messages.class.getClassLoader().getResourceAsStream(path);
    if (in == null) throw new IllegalStateException("missing classpath resource " + path);
    return in;
  }

  /** A JAIN-SIP listener that turns every tolerated header error into a failure: "parseable" means no error at all. */
  static final ParseExceptionListener STRICT = (ex, msg, headerClass, header, message) -> { throw ex; };

  /** psip's result, or {@code null} when psip rejects the message or its key fields are missing. */
  static SipMessage psip(SipMessageParser parser, byte[] bytes) {
    DecodeResult r = parser.parseDatagram(bytes);
    if (!(r instanceof DecodeResult.Message m)) return null;
    SipMessage msg = m.message();
    return msg.topVia() != null && msg.from() != null && msg.cseq() != null ? msg : null;
  }

  /** JAIN-SIP's result with the strict listener, or {@code null} when it throws or its key fields are missing. */
  static SIPMessage jain(byte[] bytes) {
    try {
      SIPMessage msg = new StringMsgParser().parseSIPMessage(bytes, true, false, STRICT);
      if (msg == null || msg.getTopmostVia() == null || msg.getFrom() == null || msg.getCSeq() == null) return null;
      return msg;
    } catch (Exception | StackOverflowError e) {
      return null;
    }
  }

  /**
   * The corpus messages that <em>both</em> parsers accept and that have a top Via, a From and a CSeq, so both
   * benchmarks do the same work on the same bytes (no exception paths are measured).
   */
  public static List<CorpusMessage> parseableByBoth() {
    SipMessageParser parser = new SipMessageParser();
    List<CorpusMessage> out = new ArrayList<>();
    for (CorpusMessage c : corpus()) {
      if (psip(parser, c.bytes()) != null && jain(c.bytes()) != null) out.add(c);
    }
    return out;
  }

  /** Prints which corpus files each parser accepts: {@code java -cp bench/target/benchmarks.jar io.psip.bench.Messages}. */
  public static void main(String[] args) {
    SipMessageParser parser = new SipMessageParser();
    int both = 0, psipOnly = 0, jainOnly = 0, neither = 0;
    System.out.printf("INVITE: %d bytes (SDP %d), psip %s, JAIN-SIP %s%n", INVITE.length, SDP.length(),
        psip(parser, INVITE) != null ? "ok" : "REJECTS", jain(INVITE) != null ? "ok" : "REJECTS");
    for (CorpusMessage c : corpus()) {
      boolean p = psip(parser, c.bytes()) != null;
      boolean j = jain(c.bytes()) != null;
      if (p && j) both++;
      else if (p) psipOnly++;
      else if (j) jainOnly++;
      else neither++;
      System.out.printf("%-50s %5d B  psip=%-6s jain=%s%n", c.name(), c.bytes().length, p ? "ok" : "reject", j ? "ok" : "reject");
    }
    System.out.printf("both %d, psip only %d, JAIN-SIP only %d, neither %d%n", both, psipOnly, jainOnly, neither);
  }
}
