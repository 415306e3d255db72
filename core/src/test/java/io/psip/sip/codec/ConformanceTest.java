package io.psip.sip.codec;

import io.psip.sip.message.Address;
import io.psip.sip.message.CSeq;
import io.psip.sip.message.OpaqueUri;
import io.psip.sip.message.SipMessage;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.message.SipUri;
import io.psip.sip.message.Via;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every RFC 4475 / RFC 5118 torture message through both framings, against one table of expected verdicts.
 * <p>
 * The table states the <em>parser's</em> verdict. Messages that parse but must still be refused by the stack's
 * request policy (unknown scheme, unknown Require, CSeq/method mismatch, ...) are {@code MESSAGE} here with a
 * {@code policy:} note; the stack-level conformance test checks the response.
 * <p>
 * Stream framing ({@link SipStreamDecoder}, fed the whole file at once) gives the same verdict as
 * {@link SipMessageParser#parseDatagram} except where the table says otherwise, with the reason.
 */
class ConformanceTest {
  private static final SipMessageParser PARSER = new SipMessageParser();

  enum Verdict { MESSAGE, REJECT, DROP }

  /** What the stream decoder does with the same bytes. */
  enum Framing {
    /** one result, the same verdict as the datagram parser, nothing left buffered, connection kept */
    SAME,
    /** one failure with the same status, {@code closeConnection} set: framing is lost (RFC 4475 §3.1.2.3, §3.3.9) */
    CLOSES,
    /** nothing emitted, every byte held: the message is not complete yet (a read timeout closes the connection) */
    WAITS,
    /** the first result is the message; the bytes after it are framed as what follows on the stream */
    FIRST_ONLY
  }

  record Case(String file, Verdict verdict, int status, String reasonHint, Framing stream, String why,
              Consumer<SipMessage> facts, Consumer<SipMessage> streamFacts, boolean trailingOctets) {
    Case streams(Framing f, String reason) {
      return new Case(file, verdict, status, reasonHint, f, why + "; stream: " + reason, facts, streamFacts, trailingOctets);
    }

    Case streamFacts(Consumer<SipMessage> sf) {
      return new Case(file, verdict, status, reasonHint, stream, why, facts, sf, trailingOctets);
    }

    Case ignoresTrailingOctets() {
      return new Case(file, verdict, status, reasonHint, stream, why, facts, streamFacts, true);
    }

    @Override
    public String toString() { return file + " -> " + verdict + (verdict == Verdict.REJECT ? " " + status : "") + " (" + why + ")"; }
  }

  private static Case message(String file, String why, Consumer<SipMessage> facts) {
    return new Case(file, Verdict.MESSAGE, 0, null, Framing.SAME, why, facts, m -> {}, false);
  }

  private static Case message(String file, String why) { return message(file, why, m -> {}); }

  private static Case reject(String file, int status, String reasonHint, String why) {
    return new Case(file, Verdict.REJECT, status, reasonHint, Framing.SAME, why, m -> {}, m -> {}, false);
  }

  private static Case drop(String file, String reasonHint, String why) {
    return new Case(file, Verdict.DROP, 400, reasonHint, Framing.SAME, why, m -> {}, m -> {}, false);
  }

  private static SipRequest req(SipMessage m) {
    assertThat(m).isInstanceOf(SipRequest.class);
    return (SipRequest) m;
  }

  private static SipResponse resp(SipMessage m) {
    assertThat(m).isInstanceOf(SipResponse.class);
    return (SipResponse) m;
  }

  private static SipUri ruri(SipMessage m) {
    assertThat(req(m).requestUri()).isInstanceOf(SipUri.class);
    return (SipUri) req(m).requestUri();
  }

  private static final String NO_EMPTY_LINE = "the archive copy has no empty line after the headers, so a stream never sees the end of the header section";

  static final List<Case> TABLE = List.of(
      // ---- RFC 4475 §3.1.1: valid messages --------------------------------------------------------------------
      message("rfc4475/wsinv.dat", "3.1.1.1 folding, LWS around separators, leading zeros, compact forms", m -> {
        assertThat(req(m).method()).isEqualTo("INVITE");
        assertThat(m.maxForwards()).isEqualTo(68);
        assertThat(m.cseq()).isEqualTo(new CSeq(9, "INVITE"));
        assertThat(m.vias()).extracting(Via::transport).containsExactly("UDP", "TCP", "UDP");
        assertThat(m.vias().get(1).branch()).isEqualTo("z9hG4bK9ikj8");
        assertThat(m.vias().get(2).branch()).isEqualTo("z9hG4bK30239");
        assertThat(m.to().tag()).isEqualTo("1918181833n");
        assertThat(m.from().displayName()).isEqualTo("J Rosenberg \\\"");
        assertThat(m.from().tag()).isEqualTo("98asjd8");
        assertThat(m.header("UnknownHeaderWithUnusualValue")).isEqualTo(";;,,;;,;");
        assertThat(m.header("NewFangledHeader")).isEqualTo("newfangled value continued newfangled value");
        assertThat(m.header("Subject")).isEmpty();
        assertThat(m.contacts()).singleElement().satisfies(c -> {
          assertThat(c.displayName()).isEqualTo("Quoted string \"\"");
          assertThat(c.params().get("newparam")).isEqualTo("newvalue");
          assertThat(c.params().has("secondparam")).isTrue();
          assertThat(c.params().get("q")).isEqualTo("0.33");
        });
        assertThat(m.routes()).singleElement().satisfies(r -> assertThat(r.sipUri().lr()).isTrue());
        assertThat(m.body()).hasSize(150);
      }),
      message("rfc4475/intmeth.dat", "3.1.1.2 every token character in the method; % is not an escape there", m -> {
        assertThat(req(m).method()).isEqualTo("!interesting-Method0123456789_*+`.%indeed'~");
        assertThat(m.cseq().method()).isEqualTo(req(m).method());
        assertThat(m.to().displayName()).contains("NUL:\0 ");
        assertThat(m.from().displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");
        assertThat(m.from().tag()).isEqualTo("_token~1'+`*%!-.");
        assertThat(m.maxForwards()).isEqualTo(255);
        assertThat(ruri(m).password()).isEqualTo("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
        assertThat(m.header("extensionHeader-!.%*+_`'~")).isEqualTo("\uFEFF\u5927\u505C\u96FB");
      }),
      message("rfc4475/esc01.dat", "3.1.1.3 valid %-escapes; unescaped exactly once", m -> {
        assertThat(ruri(m).user()).isEqualTo("sips:user@example.com");
        assertThat(m.to().sipUri().user()).isEqualTo("user");
        assertThat(m.from().sipUri().user()).isEqualTo("I have spaces");
        SipUri contact = m.contacts().get(0).sipUri();
        assertThat(contact.user()).isEqualTo("caller");
        assertThat(contact.params().asList().get(0).name()).isEqualTo("%6C%72");
        assertThat(SipUri.unescape(contact.param("n%61me"))).isEqualTo("value%41");
      }),
      message("rfc4475/escnull.dat", "3.1.1.4 %00 in the user part must not shorten it", m -> {
        assertThat(m.to().sipUri().user()).isEqualTo("null-\0-null");
        assertThat(m.contacts()).extracting(a -> a.sipUri().user()).containsExactly("\0", "\0\0");
      }),
      message("rfc4475/esc02.dat", "3.1.1.5 RE%47IST%45R is an unknown method, not REGISTER; policy: 501", m -> {
        assertThat(req(m).method()).isEqualTo("RE%47IST%45R");
        assertThat(req(m).isMethod("REGISTER")).isFalse();
        assertThat(m.to().displayName()).isEqualTo("%Z%45");
        assertThat(m.contacts()).hasSize(2);
        assertThat(m.headerValues("Contact")).hasSize(2);
        assertThat(m.header("C%6Fntact")).isEqualTo("<sip:alias2@host2.example.com>");
      }),
      message("rfc4475/lwsdisp.dat", "3.1.1.6 no LWS between display name and <", m -> {
        assertThat(m.from().displayName()).isEqualTo("caller");
        assertThat(m.from().sipUri().user()).isEqualTo("caller");
        assertThat(m.from().tag()).isEqualTo("323");
      }),
      message("rfc4475/longreq.dat", "3.1.1.7 long values are not truncated", m -> {
        assertThat(m.vias()).hasSize(34);
        assertThat(m.to().displayName()).hasSize(103);
        assertThat(m.to().sipUri().param("unknownparam1")).hasSize(89);
        assertThat(m.callId()).hasSize(141).endsWith("longcallid");
        assertThat(m.body()).hasSize(150);
      }),
      message("rfc4475/dblreq.dat", "3.1.1.8 octets after Content-Length in a datagram are ignored", m -> {
        assertThat(req(m).method()).isEqualTo("REGISTER");
        assertThat(m.body()).isEmpty();
        assertThat(new String(m.encode(), StandardCharsets.ISO_8859_1)).doesNotContain("INVITE").endsWith("Content-Length: 0\r\n\r\n");
      }).ignoresTrailingOctets().streams(Framing.FIRST_ONLY,
          "the trailing octets are the next message on a stream: first result is the REGISTER"),
      message("rfc4475/semiuri.dat", "3.1.1.9 ; and escaped @ in the user part", m -> {
        assertThat(ruri(m).user()).isEqualTo("user;par=u@example.net");
        assertThat(ruri(m).userEscaped()).isEqualTo("user;par=u%40example.net");
        assertThat(ruri(m).host()).isEqualTo("example.com");
        assertThat(ruri(m).params().isEmpty()).isTrue();
        assertThat(m.headerValues("Accept")).hasSize(6);
      }),
      message("rfc4475/transports.dat", "3.1.1.10 known and unknown Via transports", m ->
          assertThat(m.vias()).extracting(Via::transport).containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP")),
      message("rfc4475/mpart01.dat", "3.1.1.11 binary multipart body framed by Content-Length only", m -> {
        assertThat(m.body()).hasSize(Integer.parseInt(m.header("Content-Length")));
        assertThat(m.body()).contains(0);
        assertThat(hasBareCr(m.body())).as("bare CR kept in the body").isTrue();
      }),
      message("rfc4475/unreason.dat", "3.1.1.12 UTF-8 reason phrase", m -> {
        byte[] raw = m.encode();
        int sp2 = "SIP/2.0 200 ".length();
        int eol = indexOf(raw, (byte) '\r');
        assertThat(resp(m).status()).isEqualTo(200);
        assertThat(resp(m).reason().getBytes(StandardCharsets.UTF_8)).isEqualTo(Arrays.copyOfRange(raw, sp2, eol));
        assertThat(resp(m).reason()).startsWith("= 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e");
      }),
      message("rfc4475/noreason.dat", "3.1.1.13 empty reason phrase", m -> {
        assertThat(resp(m).status()).isEqualTo(100);
        assertThat(resp(m).reason()).isEmpty();
      }),

      // ---- RFC 4475 §3.1.2: invalid messages ------------------------------------------------------------------
      reject("rfc4475/badinv01.dat", 400, "Via", "3.1.2.1 empty ;; and ,, in Via and Contact"),
      reject("rfc4475/clerr.dat", 400, "Content-Length 9999", "3.1.2.2 Content-Length larger than the datagram")
          .streams(Framing.WAITS, "on a stream the body may still arrive; the transport's read timeout ends it"),
      reject("rfc4475/ncl.dat", 400, "Content-Length", "3.1.2.3 negative Content-Length")
          .streams(Framing.CLOSES, "no length means no framing"),
      reject("rfc4475/scalar02.dat", 400, "CSeq", "3.1.2.4 CSeq > 2^32-1 (also Max-Forwards 300, huge Expires)"),
      drop("rfc4475/scalarlg.dat", "CSeq", "3.1.2.5 response with CSeq > 2^32-1: dropped, never answered"),
      reject("rfc4475/quotbal.dat", 400, "quoted string", "3.1.2.6 unterminated quoted display name"),
      reject("rfc4475/ltgtruri.dat", 400, "Request-URI", "3.1.2.7 <> around the Request-URI"),
      reject("rfc4475/lwsruri.dat", 400, "whitespace", "3.1.2.8 LWS inside the Request-URI"),
      reject("rfc4475/lwsstart.dat", 400, "more than one SP", "3.1.2.9 several SP between request line elements"),
      reject("rfc4475/trws.dat", 400, "trailing whitespace", "3.1.2.10 SP at the end of the request line"),
      message("rfc4475/escruri.dat", "3.1.2.11 escaped headers in the Request-URI parse; policy: 400 (never turned into headers)", m ->
          assertThat(ruri(m).headers()).isEqualTo("Route=%3Csip:example.com%3E")),
      message("rfc4475/baddate.dat", "3.1.2.12 Date in EST: lenient, Date is not interpreted", m ->
          assertThat(m.header("Date")).isEqualTo("Fri, 01 Jan 2010 16:00:00 EST")),
      reject("rfc4475/regbadct.dat", 400, "enclosed in <>", "3.1.2.13 addr-spec with ?headers not in <>"),
      reject("rfc4475/badaspec.dat", 400, "whitespace inside <>", "3.1.2.14 spaces inside <>"),
      reject("rfc4475/baddn.dat", 400, "display name", "3.1.2.15 unquoted display name with , and .")
          .streams(Framing.WAITS, NO_EMPTY_LINE),
      reject("rfc4475/badvers.dat", 505, "SIP/7.0", "3.1.2.16 unknown protocol version"),
      message("rfc4475/mismatch01.dat", "3.1.2.17 OPTIONS vs CSeq INVITE; policy: 400", m ->
          assertThat(m.cseq().method()).isEqualTo("INVITE").isNotEqualTo(req(m).method())),
      message("rfc4475/mismatch02.dat", "3.1.2.18 unknown method vs CSeq INVITE; policy: 501/400", m ->
          assertThat(req(m).method()).isEqualTo("NEWMETHOD")),
      drop("rfc4475/bigcode.dat", "status code", "3.1.2.19 status code 4294967301: dropped"),

      // ---- RFC 4475 §3.2-3.4: semantic -------------------------------------------------------------------------
      message("rfc4475/badbranch.dat", "3.2.1 branch is only the magic cookie; policy: 400 or RFC 2543 matching", m ->
          assertThat(m.topVia().branch()).isEqualTo("z9hG4bK")),
      reject("rfc4475/insuf.dat", 400, "missing", "3.3.1 no Call-ID, From, To"),
      message("rfc4475/unkscm.dat", "3.3.2 unknown Request-URI scheme; policy: 416", m -> {
        assertThat(req(m).requestUri()).isInstanceOf(OpaqueUri.class);
        assertThat(req(m).requestUri().scheme()).isEqualTo("nobodyknowsthisscheme");
      }),
      message("rfc4475/novelsc.dat", "3.3.3 soap.beep Request-URI; policy: 416", m ->
          assertThat(req(m).requestUri().scheme()).isEqualTo("soap.beep")),
      message("rfc4475/unksm2.dat", "3.3.4 isbn:, http:, name: URIs in To/From/Contact; policy (registrar): 400", m -> {
        assertThat(m.to().uri().scheme()).isEqualTo("isbn");
        assertThat(m.from().uri().scheme()).isEqualTo("http");
        assertThat(m.contacts()).extracting(a -> a.uri().scheme()).containsExactly("name");
      }),
      message("rfc4475/bext01.dat", "3.3.5 unknown Require / Proxy-Require; policy: 420", m -> {
        assertThat(m.optionTags("Require")).containsExactly("nothingSupportsThis", "nothingSupportsThisEither");
        assertThat(m.optionTags("Proxy-Require")).containsExactly("noProxiesSupportThis", "norDoAnyProxiesSupportThis");
      }),
      message("rfc4475/invut.dat", "3.3.6 unknown Content-Type; policy (UAS): 415", m ->
          assertThat(m.contentType()).isEqualTo("application/unknownformat")),
      message("rfc4475/regaut01.dat", "3.3.7 unknown Authorization scheme is kept whole", m ->
          assertThat(m.headerValues("Authorization")).containsExactly("NoOneKnowsThisScheme opaque-data=here")),
      reject("rfc4475/multi01.dat", 400, "more than one", "3.3.8 several Call-ID/To/From/Max-Forwards/CSeq"),
      reject("rfc4475/mcl01.dat", 400, "conflicting Content-Length", "3.3.9 conflicting Content-Length values")
          .streams(Framing.CLOSES, "no single length means no framing"),
      message("rfc4475/bcast.dat", "3.3.10 broadcast Via in a response; policy: drop", m ->
          assertThat(m.vias().get(1).host()).isEqualTo("255.255.255.255")),
      message("rfc4475/zeromf.dat", "3.3.11 Max-Forwards 0; policy (proxy): 483", m ->
          assertThat(m.maxForwards()).isZero()),
      message("rfc4475/cparam01.dat", "3.3.12 unknownparam is a contact parameter, not a URI parameter", m -> {
        Address c = m.contacts().get(0);
        assertThat(c.params().has("unknownparam")).isTrue();
        assertThat(c.sipUri().params().isEmpty()).isTrue();
      }),
      message("rfc4475/cparam02.dat", "3.3.13 unknownparam inside <> is a URI parameter", m -> {
        Address c = m.contacts().get(0);
        assertThat(c.params().isEmpty()).isTrue();
        assertThat(c.sipUri().params().has("unknownparam")).isTrue();
      }),
      message("rfc4475/regescrt.dat", "3.3.14 escaped Route header kept in the Contact URI", m ->
          assertThat(m.contacts().get(0).sipUri().headers()).isEqualTo("Route=%3Csip:sip.example.com%3E")),
      message("rfc4475/sdp01.dat", "3.3.15 Accept without application/sdp; policy: 406/400", m ->
          assertThat(m.headerValues("Accept")).containsExactly("text/nobodyKnowsThis")),
      message("rfc4475/inv2543.dat", "3.4.1 RFC 2543 syntax: no branch, no tags, no Max-Forwards, no Content-Length", m -> {
        assertThat(m.topVia().branch()).isNull();
        assertThat(m.from().tag()).isNull();
        assertThat(m.maxForwards()).isEqualTo(-1);
        assertThat(m.hasHeader("Content-Length")).isFalse();
        assertThat(m.body()).as("without Content-Length the body runs to the end of the datagram").hasSize(105);
      }).streams(Framing.FIRST_ONLY, "without Content-Length a stream message has no body (RFC 3261 §18.3)")
          .streamFacts(m -> assertThat(m.body()).isEmpty()),

      // ---- RFC 5118, archive-exact bytes (bare LF) -----------------------------------------------------------
      message("rfc5118/ipv6-good.dat", "4.1 IPv6 references (bare LF tolerated)", m -> ipv6Good(m)),
      reject("rfc5118/ipv6-bad.dat", 400, "IPv6 address not enclosed in []", "4.2 IPv6 address without []"),
      message("rfc5118/port-ambiguous.dat", "4.3 [2001:db8::10:5070] is one address without a port", m -> portAmbiguous(m)),
      message("rfc5118/port-unambiguous.dat", "4.4 [2001:db8::10]:5070", m -> portUnambiguous(m)),
      message("rfc5118/via-received-param-with-delim.dat", "4.5 received=[v6] tolerated", m -> receivedWithDelim(m)),
      message("rfc5118/via-received-param-no-delim.dat", "4.5 received=v6", m -> receivedNoDelim(m)),
      reject("rfc5118/ipv6-in-sdp.dat", 400, "Content-Length 268", "4.6 archive says Content-Length 268, body is 242")
          .streams(Framing.WAITS, "26 body octets are still missing"),
      message("rfc5118/mult-ip-in-header.dat", "4.7 IPv4 and IPv6 Via values", m -> multIpInHeader(m)),
      reject("rfc5118/mult-ip-in-sdp.dat", 400, "Content-Length 181", "4.8 archive says Content-Length 181, body is 180")
          .streams(Framing.WAITS, "1 body octet is still missing"),
      message("rfc5118/ipv4-mapped-ipv6.dat", "4.9 ::ffff:a.b.c.d", m -> ipv4Mapped(m)),
      reject("rfc5118/ipv6-bug-abnf-3-colons.dat", 400, "IPv6",
          "4.10 STRICT CHOICE: [2001:db8:::192.0.2.1] is not an RFC 4291 address; psip refuses it instead of guessing")
          .streams(Framing.WAITS, NO_EMPTY_LINE),
      message("rfc5118/ipv6-correct-abnf-2-colons.dat", "4.10 [2001:db8::192.0.2.1]", m -> twoColons(m))
          .streams(Framing.WAITS, NO_EMPTY_LINE),

      // ---- RFC 5118 as it travels on the wire (CRLF, Content-Length fixed) -------------------------------------
      message("rfc5118-wire/ipv6-good.dat", "4.1", m -> ipv6Good(m)),
      reject("rfc5118-wire/ipv6-bad.dat", 400, "IPv6 address not enclosed in []", "4.2 IPv6 address without []"),
      message("rfc5118-wire/port-ambiguous.dat", "4.3", m -> portAmbiguous(m)),
      message("rfc5118-wire/port-unambiguous.dat", "4.4", m -> portUnambiguous(m)),
      message("rfc5118-wire/via-received-param-with-delim.dat", "4.5", m -> receivedWithDelim(m)),
      message("rfc5118-wire/via-received-param-no-delim.dat", "4.5", m -> receivedNoDelim(m)),
      message("rfc5118-wire/ipv6-in-sdp.dat", "4.6 IPv6 in the SDP body", m -> {
        assertThat(m.body()).hasSize(251);
        assertThat(new String(m.body(), StandardCharsets.US_ASCII)).contains("c=IN IP6 2001:db8::20");
      }),
      message("rfc5118-wire/mult-ip-in-header.dat", "4.7", m -> multIpInHeader(m)),
      message("rfc5118-wire/mult-ip-in-sdp.dat", "4.8", m -> assertThat(m.body()).hasSize(189)),
      message("rfc5118-wire/ipv4-mapped-ipv6.dat", "4.9", m -> ipv4Mapped(m)),
      reject("rfc5118-wire/ipv6-bug-abnf-3-colons.dat", 400, "IPv6", "4.10 STRICT CHOICE (see the archive copy)"),
      message("rfc5118-wire/ipv6-correct-abnf-2-colons.dat", "4.10", m -> twoColons(m))
  );

  private static void ipv6Good(SipMessage m) {
    assertThat(ruri(m).host()).isEqualTo("[2001:db8::10]");
    assertThat(ruri(m).hostName()).isEqualTo("2001:db8::10");
    assertThat(m.topVia().host()).isEqualTo("[2001:db8::9:1]");
    assertThat(m.contacts().get(0).sipUri().host()).isEqualTo("[2001:db8::1]");
  }

  private static void portAmbiguous(SipMessage m) {
    assertThat(ruri(m).host()).isEqualTo("[2001:db8::10:5070]");
    assertThat(ruri(m).port()).isEqualTo(-1);
  }

  private static void portUnambiguous(SipMessage m) {
    assertThat(ruri(m).host()).isEqualTo("[2001:db8::10]");
    assertThat(ruri(m).port()).isEqualTo(5070);
  }

  private static void receivedWithDelim(SipMessage m) {
    assertThat(m.topVia().received()).isEqualTo("[2001:db8::9:255]");
    assertThat(m.topVia().branch()).isEqualTo("z9hG4bKas3-111");
  }

  private static void receivedNoDelim(SipMessage m) {
    assertThat(m.topVia().received()).isEqualTo("2001:db8::9:255");
    assertThat(m.topVia().branch()).isEqualTo("z9hG4bKas3");
  }

  private static void multIpInHeader(SipMessage m) {
    assertThat(m.vias()).extracting(Via::host).containsExactly("[2001:db8::9:1]", "192.0.2.1", "[2001:db8::9:255]");
    assertThat(m.vias().get(0).port()).isEqualTo(6050);
    assertThat(m.vias().get(2).transport()).isEqualTo("TCP");
    assertThat(m.vias().get(2).received()).isEqualTo("192.0.2.200");
  }

  private static void ipv4Mapped(SipMessage m) {
    assertThat(m.topVia().host()).isEqualTo("[::ffff:192.0.2.10]");
    assertThat(m.topVia().port()).isEqualTo(19823);
    assertThat(m.contacts().get(0).sipUri().host()).isEqualTo("[::ffff:192.0.2.2]");
  }

  private static void twoColons(SipMessage m) {
    assertThat(ruri(m).host()).isEqualTo("[2001:db8::192.0.2.1]");
  }

  static List<Case> table() { return TABLE; }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void verdictInBothFramings(Case c) {
    byte[] bytes = Corpus.bytes(c.file());

    DecodeResult datagram = PARSER.parseDatagram(bytes);
    assertVerdict(c, datagram, false);
    if (datagram instanceof DecodeResult.Message m) {
      c.facts().accept(m.message());
      if (c.trailingOctets()) assertThat(bytes).startsWith(m.message().encode());
      else assertThat(m.message().encode()).as("a parsed message encodes to its original bytes").isEqualTo(bytes);
    }

    SipStreamDecoder decoder = new SipStreamDecoder(PARSER);
    List<DecodeResult> stream = Corpus.stream(decoder, bytes);
    switch (c.stream()) {
      case SAME -> {
        assertThat(stream).hasSize(1);
        assertVerdict(c, stream.get(0), false);
        assertThat(decoder.buffered()).isZero();
        assertThat(decoder.isBroken()).isFalse();
        if (stream.get(0) instanceof DecodeResult.Message m) {
          c.facts().accept(m.message());
          assertThat(m.message().encode()).isEqualTo(((DecodeResult.Message) datagram).message().encode());
        }
      }
      case CLOSES -> {
        assertThat(stream).hasSize(1);
        assertVerdict(c, stream.get(0), true);
        assertThat(decoder.isBroken()).isTrue();
        assertThat(decoder.buffered()).isZero();
      }
      case WAITS -> {
        assertThat(stream).as("nothing complete on the stream yet").isEmpty();
        assertThat(decoder.buffered()).as("every byte held").isEqualTo(bytes.length);
        assertThat(decoder.isBroken()).isFalse();
      }
      case FIRST_ONLY -> {
        assertThat(stream).isNotEmpty();
        assertThat(stream.get(0)).isInstanceOf(DecodeResult.Message.class);
        SipMessage first = ((DecodeResult.Message) stream.get(0)).message();
        SipMessage whole = ((DecodeResult.Message) datagram).message();
        assertThat(first.startLine()).isEqualTo(whole.startLine());
        assertThat(first.callId()).isEqualTo(whole.callId());
        assertThat(first.cseq()).isEqualTo(whole.cseq());
        assertThat(bytes).startsWith(first.encode());
        c.streamFacts().accept(first);
      }
    }
  }

  private static void assertVerdict(Case c, DecodeResult r, boolean close) {
    switch (c.verdict()) {
      case MESSAGE -> assertThat(r).as(String.valueOf(r)).isInstanceOf(DecodeResult.Message.class);
      case REJECT, DROP -> {
        assertThat(r).as(String.valueOf(r)).isInstanceOf(DecodeResult.Failure.class);
        DecodeResult.Failure f = (DecodeResult.Failure) r;
        assertThat(f.failure().request()).as("request (answered) or response (dropped)").isEqualTo(c.verdict() == Verdict.REJECT);
        assertThat(f.failure().status()).isEqualTo(c.status());
        assertThat(f.failure().reason()).containsIgnoringCase(c.reasonHint());
        assertThat(f.closeConnection()).isEqualTo(close);
      }
    }
  }

  @Test
  void tableCoversEveryCorpusFileOnce() {
    List<String> inTable = new ArrayList<>();
    for (Case c : TABLE) inTable.add(c.file());
    assertThat(inTable).doesNotHaveDuplicates();
    assertThat(inTable).containsExactlyInAnyOrderElementsOf(Corpus.files());
    assertThat(inTable).hasSize(49 + 12 + 12);
  }

  /** The copies are byte-exact: a checkout that rewrote line endings would silently change every verdict. */
  @Test
  void corpusFilesAreByteExact() throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Corpus.class.getResourceAsStream(Corpus.ROOT + "SHA256SUMS"), StandardCharsets.US_ASCII))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) expected.put(line.substring(66), line.substring(0, 64));
      }
    }
    assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(Corpus.files());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertThat(HexFormat.of().formatHex(sha.digest(Corpus.bytes(e.getKey())))).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  private static boolean hasBareCr(byte[] b) {
    for (int i = 0; i < b.length; i++) if (b[i] == '\r' && (i + 1 == b.length || b[i + 1] != '\n')) return true;
    return false;
  }

  private static int indexOf(byte[] b, byte v) {
    for (int i = 0; i < b.length; i++) if (b[i] == v) return i;
    return -1;
  }
}
