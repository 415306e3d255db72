package io.psip.sip.stack;

import io.psip.sip.testing.Corpus;
import io.psip.sip.testing.RawMessage;
import io.psip.sip.testing.RawSipClient;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.Waits;
import io.psip.sip.transaction.TimerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every RFC 4475 / RFC 5118 torture message sent to a running stack (with the {@link io.psip.sip.testing.TestUas} as
 * application), over TCP (each on its own connection, the answer comes back on it) and over UDP, and what the peer
 * observes: the final status the stack sends, that the request reached the application (and was answered by it),
 * that nothing came back (responses, ACKs), or that the connection was closed (framing errors; messages that never
 * complete end with the 1 s TCP idle timeout).
 * <p>
 * UDP: responses go to the Via sent-by (mostly port 5060 of hosts like 192.0.2.x), which a test cannot listen on.
 * The UDP run therefore adds {@code ;rport} to the top Via (RFC 3581) and nothing else, so that the answer comes back
 * to the sending socket; messages whose outcome differs over UDP (Content-Length framing: RFC 3261 §18.3) have their
 * own expectation.
 */
class StackConformanceTest {
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static final Duration QUIET = Duration.ofMillis(250);
  private static StackFixture stack;

  enum Kind {
    /** The stack answers this final status by itself; the application never sees the request. */
    STATUS,
    /** As STATUS, then the stack closes the TCP connection (framing lost). */
    STATUS_THEN_CLOSE,
    /** OPTIONS to a served host: the stack's own 200 with Allow. */
    OPTIONS_200,
    /** The request reached the application exactly once and the application's 200 came back. */
    APPLICATION,
    /** As APPLICATION; what followed on the stream never completes and the idle timeout closes the connection. */
    APPLICATION_THEN_IDLE_CLOSE,
    /** Nothing comes back (responses are never answered); the connection stays open. */
    SILENT,
    /** The message never completes; no answer, the 1 s idle timeout closes the connection. */
    IDLE_CLOSE
  }

  /** @param appSees how many requests the application sees */
  record Expect(Kind kind, int status, String why, int appSees) {
    Expect(Kind kind, int status, String why) {
      this(kind, status, why, kind == Kind.APPLICATION || kind == Kind.APPLICATION_THEN_IDLE_CLOSE ? 1 : 0);
    }

    static Expect status(int s, String why) { return new Expect(Kind.STATUS, s, why); }

    static Expect closeAfter(int s, String why) { return new Expect(Kind.STATUS_THEN_CLOSE, s, why); }

    static Expect options(String why) { return new Expect(Kind.OPTIONS_200, 200, why); }

    static Expect app(String why) { return new Expect(Kind.APPLICATION, 200, why); }

    static Expect silent(String why) { return new Expect(Kind.SILENT, 0, why); }

    static Expect idleClose(String why) { return new Expect(Kind.IDLE_CLOSE, 0, why); }
  }

  /** The outcome over TCP of every corpus message. */
  static final Map<String, Expect> TCP = new LinkedHashMap<>();
  /** Where UDP differs. */
  static final Map<String, Expect> UDP = new LinkedHashMap<>();

  static {
    // RFC 4475 §3.1.1: valid messages
    TCP.put("rfc4475/wsinv.dat", Expect.app("3.1.1.1 short tortuous INVITE: well formed"));
    TCP.put("rfc4475/intmeth.dat", Expect.status(501, "3.1.1.2 unknown method: endpoint answers 501 with Allow"));
    TCP.put("rfc4475/esc01.dat", Expect.app("3.1.1.3 valid % escaping"));
    TCP.put("rfc4475/escnull.dat", Expect.status(405, "3.1.1.4 REGISTER is not served"));
    TCP.put("rfc4475/esc02.dat", Expect.status(501, "3.1.1.5 RE%47IST%45R is an unknown method, not REGISTER"));
    TCP.put("rfc4475/lwsdisp.dat", Expect.options("3.1.1.6 no LWS before <: accepted"));
    TCP.put("rfc4475/longreq.dat", Expect.app("3.1.1.7 long values"));
    TCP.put("rfc4475/dblreq.dat", new Expect(Kind.STATUS, 405,
        "3.1.1.8 is about UDP; on a stream the INVITE after the REGISTER (Content-Length 0) is the next message", 1));
    TCP.put("rfc4475/semiuri.dat", Expect.options("3.1.1.9 ; in the user part"));
    TCP.put("rfc4475/transports.dat", Expect.options("3.1.1.10 unknown transports in later Vias"));
    TCP.put("rfc4475/mpart01.dat", Expect.status(405, "3.1.1.11 MESSAGE is not served"));
    TCP.put("rfc4475/unreason.dat", Expect.silent("3.1.1.12 a response: never answered"));
    TCP.put("rfc4475/noreason.dat", Expect.silent("3.1.1.13 a response: never answered"));
    // RFC 4475 §3.1.2: invalid messages
    TCP.put("rfc4475/badinv01.dat", Expect.status(400, "3.1.2.1 extra separators in Via and Contact"));
    TCP.put("rfc4475/clerr.dat", Expect.idleClose("3.1.2.2 Content-Length 9999 over TCP: wait, then close"));
    TCP.put("rfc4475/ncl.dat", Expect.closeAfter(400, "3.1.2.3 negative Content-Length: framing lost"));
    TCP.put("rfc4475/scalar02.dat", Expect.status(400, "3.1.2.4 CSeq beyond 2^32-1"));
    TCP.put("rfc4475/scalarlg.dat", Expect.silent("3.1.2.5 malformed response: dropped"));
    TCP.put("rfc4475/quotbal.dat", Expect.status(400, "3.1.2.6 unterminated quoted string"));
    TCP.put("rfc4475/ltgtruri.dat", Expect.status(400, "3.1.2.7 <> around the Request-URI"));
    TCP.put("rfc4475/lwsruri.dat", Expect.status(400, "3.1.2.8 LWS in the Request-URI"));
    TCP.put("rfc4475/lwsstart.dat", Expect.status(400, "3.1.2.9 several SP in the request line"));
    TCP.put("rfc4475/trws.dat", Expect.status(400, "3.1.2.10 SP at the end of the request line"));
    TCP.put("rfc4475/escruri.dat", Expect.status(400, "3.1.2.11 escaped headers in the Request-URI"));
    TCP.put("rfc4475/baddate.dat", Expect.app("3.1.2.12 EST in Date: lenient, Date does not matter here"));
    TCP.put("rfc4475/regbadct.dat", Expect.status(400, "3.1.2.13 name-addr URI with a header not in <>"));
    TCP.put("rfc4475/badaspec.dat", Expect.status(400, "3.1.2.14 spaces inside <> of To"));
    TCP.put("rfc4475/baddn.dat", Expect.idleClose("3.1.2.15 archive copy has no empty line: never completes over TCP"));
    TCP.put("rfc4475/badvers.dat", Expect.status(505, "3.1.2.16 SIP/7.0"));
    TCP.put("rfc4475/mismatch01.dat", Expect.status(400, "3.1.2.17 OPTIONS with CSeq INVITE"));
    TCP.put("rfc4475/mismatch02.dat", Expect.status(501, "3.1.2.18 unknown method with CSeq mismatch: 501 preferred"));
    TCP.put("rfc4475/bigcode.dat", Expect.silent("3.1.2.19 status 4294967301: response dropped"));
    // RFC 4475 §3.2, §3.3, §3.4: semantics
    TCP.put("rfc4475/badbranch.dat", Expect.status(400, "3.2.1 branch is only the magic cookie"));
    TCP.put("rfc4475/insuf.dat", Expect.status(400, "3.3.1 no Call-ID, From, To"));
    TCP.put("rfc4475/unkscm.dat", Expect.status(416, "3.3.2 unknown Request-URI scheme"));
    TCP.put("rfc4475/novelsc.dat", Expect.status(416, "3.3.3 soap.beep: never meaningful here"));
    TCP.put("rfc4475/unksm2.dat", Expect.status(405, "3.3.4 REGISTER is not served"));
    TCP.put("rfc4475/bext01.dat", Expect.status(420, "3.3.5 Require with unknown option tags"));
    TCP.put("rfc4475/invut.dat", Expect.status(415, "3.3.6 unknown Content-Type at a UAS"));
    TCP.put("rfc4475/regaut01.dat", Expect.status(405, "3.3.7 REGISTER is not served (non-registrar endpoint)"));
    TCP.put("rfc4475/multi01.dat", Expect.status(400, "3.3.8 several Call-ID/To/From/CSeq/Max-Forwards"));
    TCP.put("rfc4475/mcl01.dat", Expect.closeAfter(400, "3.3.9 conflicting Content-Length: framing lost"));
    TCP.put("rfc4475/bcast.dat", Expect.silent("3.3.10 a response: dropped"));
    TCP.put("rfc4475/zeromf.dat", Expect.options("3.3.11 OPTIONS with Max-Forwards 0 is answered here"));
    TCP.put("rfc4475/cparam01.dat", Expect.status(405, "3.3.12 REGISTER is not served"));
    TCP.put("rfc4475/cparam02.dat", Expect.status(405, "3.3.13 REGISTER is not served"));
    TCP.put("rfc4475/regescrt.dat", Expect.status(405, "3.3.14 REGISTER is not served"));
    TCP.put("rfc4475/sdp01.dat", Expect.status(406, "3.3.15 Accept without application/sdp"));
    TCP.put("rfc4475/inv2543.dat", new Expect(Kind.APPLICATION_THEN_IDLE_CLOSE, 200,
        "3.4.1 no Content-Length on a stream is taken as 0 (codec decision): the INVITE reaches the application with"
            + " no body, and the SDP lines left on the stream never complete a message"));
    // RFC 5118, archive-exact (bare LF)
    TCP.put("rfc5118/ipv6-good.dat", Expect.status(405, "4.1 REGISTER is not served"));
    TCP.put("rfc5118/ipv6-bad.dat", Expect.status(400, "4.2 IPv6 reference without []"));
    TCP.put("rfc5118/port-ambiguous.dat", Expect.status(405, "4.3 REGISTER is not served"));
    TCP.put("rfc5118/port-unambiguous.dat", Expect.status(405, "4.4 REGISTER is not served"));
    TCP.put("rfc5118/via-received-param-with-delim.dat", Expect.app("4.5 received=[…]: robust parse"));
    TCP.put("rfc5118/via-received-param-no-delim.dat", Expect.options("4.5 received=IPv6 without []"));
    TCP.put("rfc5118/ipv6-in-sdp.dat", Expect.idleClose("4.6 archive Content-Length 268 exceeds the body: waits"));
    TCP.put("rfc5118/mult-ip-in-header.dat", Expect.app("4.7 several IP versions in Via"));
    TCP.put("rfc5118/mult-ip-in-sdp.dat", Expect.idleClose("4.8 archive Content-Length 181 exceeds the body: waits"));
    TCP.put("rfc5118/ipv4-mapped-ipv6.dat", Expect.app("4.9 IPv4-mapped IPv6"));
    TCP.put("rfc5118/ipv6-bug-abnf-3-colons.dat", Expect.idleClose("4.10 archive copy has no empty line"));
    TCP.put("rfc5118/ipv6-correct-abnf-2-colons.dat", Expect.idleClose("4.10 archive copy has no empty line"));
    // RFC 5118 as on the wire (CRLF, Content-Length fixed)
    TCP.put("rfc5118-wire/ipv6-good.dat", Expect.status(405, "4.1 REGISTER is not served"));
    TCP.put("rfc5118-wire/ipv6-bad.dat", Expect.status(400, "4.2 IPv6 reference without []"));
    TCP.put("rfc5118-wire/port-ambiguous.dat", Expect.status(405, "4.3 REGISTER is not served"));
    TCP.put("rfc5118-wire/port-unambiguous.dat", Expect.status(405, "4.4 REGISTER is not served"));
    TCP.put("rfc5118-wire/via-received-param-with-delim.dat", Expect.app("4.5 received=[…]: robust parse"));
    TCP.put("rfc5118-wire/via-received-param-no-delim.dat", Expect.options("4.5 received=IPv6 without []"));
    TCP.put("rfc5118-wire/ipv6-in-sdp.dat", Expect.app("4.6 IPv6 in SDP"));
    TCP.put("rfc5118-wire/mult-ip-in-header.dat", Expect.app("4.7 several IP versions in Via"));
    TCP.put("rfc5118-wire/mult-ip-in-sdp.dat", Expect.app("4.8 IPv4 and IPv6 in SDP"));
    TCP.put("rfc5118-wire/ipv4-mapped-ipv6.dat", Expect.app("4.9 IPv4-mapped IPv6"));
    TCP.put("rfc5118-wire/ipv6-bug-abnf-3-colons.dat", Expect.status(400,
        "4.10 three colons: the codec's documented strict choice (RFC 4291 address syntax)"));
    TCP.put("rfc5118-wire/ipv6-correct-abnf-2-colons.dat", Expect.options("4.10 correct form"));

    // UDP: one datagram is one message (RFC 3261 §18.3)
    UDP.put("rfc4475/clerr.dat", Expect.status(400, "3.1.2.2 Content-Length larger than the datagram"));
    UDP.put("rfc4475/ncl.dat", Expect.status(400, "3.1.2.3 negative Content-Length"));
    UDP.put("rfc4475/mcl01.dat", Expect.status(400, "3.3.9 conflicting Content-Length"));
    UDP.put("rfc4475/baddn.dat", Expect.status(400, "3.1.2.15 non-token display names (the datagram ends the headers)"));
    UDP.put("rfc4475/inv2543.dat", Expect.app("3.4.1 RFC 2543 INVITE: body runs to the end of the datagram"));
    UDP.put("rfc4475/dblreq.dat", Expect.status(405, "3.1.1.8 REGISTER; the trailing INVITE octets are ignored"));
    UDP.put("rfc5118/ipv6-in-sdp.dat", Expect.status(400, "4.6 archive Content-Length 268 larger than the datagram"));
    UDP.put("rfc5118/mult-ip-in-sdp.dat", Expect.status(400, "4.8 archive Content-Length 181 larger than the datagram"));
    UDP.put("rfc5118/ipv6-bug-abnf-3-colons.dat", Expect.status(400, "4.10 the datagram ends the headers; strict choice"));
    UDP.put("rfc5118/ipv6-correct-abnf-2-colons.dat", Expect.options("4.10 the datagram ends the headers"));
  }

  @BeforeAll
  static void start() {
    // TCP needs no retransmissions: a tiny T1 only shortens Timers B/F/H/J/L (64*T1 = 128 ms) for the leak check
    stack = StackFixture.start(StackFixture.options(new TimerSettings(2, 32, 50))
        .setServedHost(h -> true).setTcpIdleTimeoutSeconds(1));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @AfterEach
  void leakCheck() {
    try {
      stack.assertQuiescent(true);
    } finally {
      stack.uas().reset();
    }
  }

  static List<String> corpus() { return Corpus.names(); }

  @Test
  void everyCorpusMessageHasAnExpectation() {
    assertThat(Corpus.names()).hasSize(73).containsExactlyInAnyOrderElementsOf(TCP.keySet());
    assertThat(TCP.keySet()).containsAll(UDP.keySet());
  }

  @ParameterizedTest(name = "TCP {0}")
  @MethodSource("corpus")
  void overTcp(String name) {
    Expect e = TCP.get(name);
    assertThat(e).as("expectation for " + name).isNotNull();
    byte[] bytes = Corpus.read(name);
    long before = processed();
    try (RawSipClient c = RawSipClient.tcp(stack.tcpPort())) {
      c.send(bytes);
      switch (e.kind()) {
        case STATUS, STATUS_THEN_CLOSE, OPTIONS_200, APPLICATION, APPLICATION_THEN_IDLE_CLOSE -> {
          RawMessage fin = c.await(m -> m.isResponse() && m.status() >= 200, WAIT);
          checkFinal(name, e, fin, bytes);
          if (e.kind() == Kind.STATUS_THEN_CLOSE) {
            assertThat(c.awaitClosed(WAIT)).as("%s: connection closed after the %d", name, e.status()).isTrue();
          } else if (e.kind() == Kind.APPLICATION_THEN_IDLE_CLOSE) {
            assertThat(c.awaitClosed(Duration.ofSeconds(4))).as("%s: closed by the idle timeout", name).isTrue();
          } else {
            assertThat(c.isClosedByPeer()).as("%s: connection stays open", name).isFalse();
          }
        }
        case SILENT -> {
          Waits.until(() -> processed() > before, WAIT, name + " was not processed");
          assertThat(c.within(0, m -> true, QUIET)).as(name).isEmpty();
          assertThat(c.streamBytes()).as(name).isEmpty();
          assertThat(c.isClosedByPeer()).as("%s: connection stays open", name).isFalse();
        }
        case IDLE_CLOSE -> {
          assertThat(c.awaitClosed(Duration.ofSeconds(4))).as("%s: closed by the idle timeout", name).isTrue();
          assertThat(c.streamBytes()).as("%s: nothing was answered", name).isEmpty();
        }
      }
    }
    Waits.until(() -> stack.uas().requests().size() >= e.appSees(), WAIT, name + ": application saw too little");
    assertThat(stack.uas().requests().size()).as("%s: application saw", name).isEqualTo(e.appSees());
  }

  @ParameterizedTest(name = "UDP {0}")
  @MethodSource("corpus")
  void overUdp(String name) {
    Expect e = UDP.getOrDefault(name, TCP.get(name));
    assertThat(e).as("expectation for " + name).isNotNull();
    byte[] bytes = withRport(Corpus.read(name));
    long before = processed();
    try (RawSipClient c = RawSipClient.udp().target(stack.udpPort())) {
      c.send(bytes);
      switch (e.kind()) {
        case STATUS, STATUS_THEN_CLOSE, OPTIONS_200, APPLICATION, APPLICATION_THEN_IDLE_CLOSE -> {
          RawMessage fin = c.await(m -> m.isResponse() && m.status() >= 200, WAIT);
          checkFinal(name, e, fin, bytes);
        }
        case SILENT, IDLE_CLOSE -> {
          Waits.until(() -> processed() > before, WAIT, name + " was not processed");
          assertThat(c.within(0, m -> true, QUIET)).as(name).isEmpty();
        }
      }
    }
    assertThat(stack.uas().requests().size()).as("%s: application saw", name).isEqualTo(e.appSees());
  }

  private static long processed() {
    var s = stack.stats();
    return s.receivedMessages() + s.parseFailures();
  }

  private static void checkFinal(String name, Expect e, RawMessage fin, byte[] sent) {
    assertThat(fin.status()).as("%s (%s): %s", name, e.why(), fin.startLine() + " " + fin.warning()).isEqualTo(e.status());
    String sentText = new String(sent, StandardCharsets.ISO_8859_1);
    switch (e.kind()) {
      case OPTIONS_200 -> {
        assertThat(fin.header("Allow")).as(name).contains("INVITE");
        assertThat(stack.uas().requests()).as(name).isEmpty();
      }
      case APPLICATION, APPLICATION_THEN_IDLE_CLOSE -> {
        String method = sentText.substring(0, sentText.indexOf(' '));
        Waits.until(() -> stack.uas().count(method) == 1, WAIT, name + " did not reach the application");
        assertThat(fin.header("Allow")).as("%s: the application's 200, not the stack's", name).isNull();
        if (method.equals("INVITE")) assertThat(fin.header("Content-Type")).isEqualTo("application/sdp");
      }
      default -> {
        if (e.appSees() == 0) assertThat(stack.uas().requests()).as(name).isEmpty();
        assertThat(fin.warning()).as("%s: rejections explain themselves", name).matches("399 127\\.0\\.0\\.1 \".+\"");
        if (e.status() == 405 || e.status() == 501) assertThat(fin.header("Allow")).as(name).contains("INVITE");
        if (e.status() == 415 || e.status() == 406) assertThat(fin.header("Accept")).as(name).isEqualTo("application/sdp");
        if (e.status() == 420) {
          assertThat(fin.header("Unsupported")).as(name).isEqualTo("nothingSupportsThis, nothingSupportsThisEither");
        }
      }
    }
  }

  /**
   * Adds {@code ;rport} to the top Via, right after its sent-by (before its first parameter, or at the end of the
   * value), leaving every other byte alone: the response then comes back to the sending socket.
   */
  static byte[] withRport(byte[] msg) {
    String s = new String(msg, StandardCharsets.ISO_8859_1);
    int headEnd = s.indexOf("\r\n\r\n");
    if (headEnd < 0) headEnd = s.indexOf("\n\n");
    if (headEnd < 0) headEnd = s.length();
    int lineStart = s.indexOf('\n') + 1;
    while (lineStart > 0 && lineStart < headEnd) {
      int colon = s.indexOf(':', lineStart);
      int eol = s.indexOf('\n', lineStart);
      if (colon > 0 && (eol < 0 || colon < eol)) {
        String name = s.substring(lineStart, colon).trim();
        if (name.equalsIgnoreCase("via") || name.equalsIgnoreCase("v")) {
          int p = colon + 1;
          while (p < s.length()) {
            char ch = s.charAt(p);
            boolean lineEnd = ch == '\r' || ch == '\n';
            if (lineEnd) {
              int next = s.indexOf('\n', p) + 1;
              if (next > 0 && next < s.length() && (s.charAt(next) == ' ' || s.charAt(next) == '\t')) {
                p = next;
                continue;
              }
            }
            if (ch == ';' || ch == ',' || lineEnd) break;
            p++;
          }
          while (p > colon + 1 && s.charAt(p - 1) == ' ') p--; // keep LWS out of the way of the parameter
          String out = s.substring(0, p) + ";rport" + s.substring(p);
          return out.getBytes(StandardCharsets.ISO_8859_1);
        }
      }
      if (eol < 0) break;
      lineStart = eol + 1;
    }
    return msg;
  }

  @Test
  void rportIsInsertedAfterTheTopViaSentBy() {
    byte[] folded = "INVITE sip:a@b SIP/2.0\r\nVia  : SIP  /   2.0\r\n  /UDP\r\n    192.0.2.2;branch=x\r\nv: SIP/2.0/UDP c\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(new String(withRport(folded), StandardCharsets.ISO_8859_1))
        .contains("    192.0.2.2;rport;branch=x\r\n").contains("v: SIP/2.0/UDP c\r\n");
    byte[] bare = "OPTIONS sip:a@b SIP/2.0\nv: SIP/2.0/UDP [2001:db8::1]:5060\nTo: x\n\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(new String(withRport(bare), StandardCharsets.ISO_8859_1)).contains("v: SIP/2.0/UDP [2001:db8::1]:5060;rport\nTo");
  }
}
