package io.psip.sip.message;

import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.ParseFailure;
import io.psip.sip.codec.SipCodecOptions;
import io.psip.sip.codec.SipMessageParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Header fields of a parsed message: names, compact forms, lists, single-value rules, scalars, the start line. */
class HeadersTest {
  private static final SipMessageParser PARSER = new SipMessageParser();

  private static final String[] BASE = {
      "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1",
      "From: <sip:a@example.com>;tag=1",
      "To: <sip:b@example.com>",
      "Call-ID: hdr@192.0.2.1",
      "CSeq: 1 OPTIONS",
      "Max-Forwards: 70",
  };

  /** OPTIONS with the base headers, except those named (long or compact form) in {@code extra}, which replace them. */
  static String request(String... extra) {
    List<String> lines = new ArrayList<>();
    lines.add("OPTIONS sip:b@example.com SIP/2.0");
    for (String b : BASE) {
      if (Arrays.stream(extra).noneMatch(e -> e.indexOf(':') > 0 && HeaderNames.same(nameOf(e), nameOf(b)))) lines.add(b);
    }
    lines.addAll(Arrays.asList(extra));
    return String.join("\r\n", lines) + "\r\n\r\n";
  }

  private static String nameOf(String line) { return line.substring(0, line.indexOf(':')).trim(); }

  /** {@code message} with {@code lines} added at the end of its header section. */
  static String append(String message, String... lines) {
    int blank = message.indexOf("\r\n\r\n");
    return message.substring(0, blank + 2) + String.join("\r\n", lines) + "\r\n" + message.substring(blank + 2);
  }

  static DecodeResult parse(String text) {
    return PARSER.parseDatagram(text.getBytes(StandardCharsets.UTF_8));
  }

  static SipMessage ok(String text) {
    DecodeResult r = parse(text);
    assertThat(r).as(String.valueOf(r)).isInstanceOf(DecodeResult.Message.class);
    return ((DecodeResult.Message) r).message();
  }

  static ParseFailure failure(String text) {
    DecodeResult r = parse(text);
    assertThat(r).as(String.valueOf(r)).isInstanceOf(DecodeResult.Failure.class);
    return ((DecodeResult.Failure) r).failure();
  }

  // ---- names -----------------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "v | Via          | SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK9",
      "i | Call-ID      | compact@192.0.2.9",
      "m | Contact      | <sip:c@192.0.2.9>",
      "l | Content-Length | 0",
      "f | From         | <sip:f@example.com>;tag=9",
      "t | To           | <sip:t@example.com>",
      "c | Content-Type | application/sdp",
      "k | Supported    | timer",
      "s | Subject      | lunch",
      "e | Content-Encoding | gzip",
      "o | Event        | presence",
      "u | Allow-Events | dialog",
      "r | Refer-To     | <sip:r@example.com>",
      "x | Session-Expires | 1800",
  })
  void compactFormsAndLongNamesAreTheSameHeader(String compact, String name, String value) {
    SipMessage m = ok(request(compact + ": " + value));
    for (String spelling : List.of(compact, compact.toUpperCase(), name, name.toUpperCase(), name.toLowerCase())) {
      assertThat(m.header(spelling)).as(spelling).isEqualTo(value);
      assertThat(m.hasHeader(spelling)).isTrue();
    }
    assertThat(HeaderNames.canonical(compact)).isEqualTo(name);
    assertThat(HeaderNames.canonical(name.toUpperCase())).isEqualTo(name);
    assertThat(HeaderNames.same(compact.toUpperCase(), name.toLowerCase())).isTrue();
  }

  @Test
  void theNameIsKeptAsSpelledAndUnknownHeadersAreMatchedCaseInsensitively() {
    SipMessage m = ok(request("X-Custom-Thing: one", "x-custom-thing: two", "mAx-FoRwArDs: 12").replace("Max-Forwards: 70\r\n", ""));
    assertThat(m.header("X-CUSTOM-THING")).isEqualTo("one");
    assertThat(m.headerValues("x-Custom-thing")).containsExactly("one", "two");
    assertThat(m.maxForwards()).isEqualTo(12);
    assertThat(m.headers()).extracting(SipHeader::name).contains("mAx-FoRwArDs", "x-custom-thing");
    assertThat(m.header("X-Absent")).isNull();
    assertThat(m.headerValues("X-Absent")).isEmpty();
  }

  @Test
  void foldingAndLwsAroundTheColonAreRemoved() {
    SipMessage m = ok(request("Subject   :   a folded\r\n\t value \r\n   continued  ", "X-Empty:", "X-Spaces:    "));
    assertThat(m.header("Subject")).isEqualTo("a folded value continued");
    assertThat(m.header("X-Empty")).isEmpty();
    assertThat(m.header("X-Spaces")).isEmpty();
  }

  // ---- lists -------------------------------------------------------------------------------------------------------

  @Test
  void listHeadersSplitOutsideQuotesCommentsAndAngleBrackets() {
    SipMessage m = ok(request(
        "Contact: \"Doe, John\" <sip:j,k@example.com;x=a>;q=0.5, <sip:k@example.com>",
        "Warning: 399 h.example.com \"Incompatible, really\", 307 isi.edu \"Session parameter 'foo' not understood\"",
        "Allow: INVITE, ACK ,BYE,CANCEL",
        "Allow: OPTIONS",
        "Supported: timer (rfc 4028, session timers), 100rel",
        "Require: a (it\"s, odd), b",
        "Accept-Language: da, en-gb;q=0.8, en;q=0.7",
        "Reason: SIP ;cause=200 ;text=\"Call completed, elsewhere\""));
    assertThat(m.headerValues("Contact")).containsExactly("\"Doe, John\" <sip:j,k@example.com;x=a>;q=0.5", "<sip:k@example.com>");
    assertThat(m.headerValues("Warning")).hasSize(2);
    assertThat(m.headerValues("Allow")).containsExactly("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS");
    assertThat(m.headerValues("k")).containsExactly("timer (rfc 4028, session timers)", "100rel");
    assertThat(m.optionTags("Require")).containsExactly("a (it\"s, odd)", "b");
    assertThat(m.headerValues("Accept-Language")).containsExactly("da", "en-gb;q=0.8", "en;q=0.7");
    assertThat(m.headerValues("Reason")).singleElement().asString().endsWith("elsewhere\"");
  }

  @Test
  void nonListHeadersAreNeverSplit() {
    String auth = "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
        + "uri=\"sip:bob@biloxi.com\", response=\"245f23415f11432b3434341c022\"";
    SipMessage m = ok(request("Authorization: " + auth, "Proxy-Authorization: " + auth,
        "User-Agent: Softphone/1.0 (Linux, x86)", "Subject: hello, world", "X-Unknown: a, b, c", "Date: Sat, 13 Nov 2010 23:29:00 GMT"));
    assertThat(m.headerValues("Authorization")).containsExactly(auth);
    assertThat(m.headerValues("Proxy-Authorization")).containsExactly(auth);
    assertThat(m.headerValues("User-Agent")).containsExactly("Softphone/1.0 (Linux, x86)");
    assertThat(m.headerValues("s")).containsExactly("hello, world");
    assertThat(m.headerValues("X-Unknown")).containsExactly("a, b, c");
    assertThat(m.headerValues("Date")).hasSize(1);
  }

  @Test
  void contactsRoutesAndViasFromSeveralHeadersAndLists() {
    SipMessage m = ok(request(
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1, SIP/2.0/TCP 192.0.2.2;branch=z9hG4bK2",
        "v: SIP/2.0/UDP 192.0.2.3;branch=z9hG4bK3",
        "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>",
        "Record-Route: <sip:rr.example.com;lr>",
        "m: <sip:a@192.0.2.1>;expires=60, <sip:a@192.0.2.2>;expires=0"));
    assertThat(m.vias()).extracting(Via::host).containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3");
    assertThat(m.topVia().branch()).isEqualTo("z9hG4bK1");
    assertThat(m.routes()).extracting(a -> a.sipUri().host()).containsExactly("p1.example.com", "p2.example.com");
    assertThat(m.recordRoutes()).hasSize(1);
    assertThat(m.contacts()).extracting(a -> a.params().get("expires")).containsExactly("60", "0");
    assertThat(m.contactStar()).isFalse();
  }

  @Test
  void contactStarIsOnlyAlone() {
    SipMessage m = ok(request("Contact: *", "Expires: 0"));
    assertThat(m.contactStar()).isTrue();
    assertThat(m.contacts()).isEmpty();
    assertThat(failure(request("Contact: *", "Contact: <sip:a@b>")).reason()).contains("'*'");
  }

  // ---- single-value headers and mandatory headers ----------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "From: <sip:x@example.com>;tag=2           | From",
      "f: <sip:x@example.com>;tag=2              | From",
      "To: <sip:y@example.com>                   | To",
      "Call-ID: other@192.0.2.1                  | Call-ID",
      "i: other@192.0.2.1                        | Call-ID",
      "CSeq: 2 OPTIONS                           | CSeq",
      "Max-Forwards: 5                           | Max-Forwards",
      "Content-Type: text/plain                  | Content-Type",
      "Expires: 5                                | Expires",
      "Min-Expires: 5                            | Min-Expires",
      "Date: Sat, 13 Nov 2010 23:29:00 GMT       | Date",
  })
  void aSecondSingleValueHeaderIsRejected(String duplicate, String name) {
    String first = switch (name) {
      case "Content-Type" -> "Content-Type: application/sdp";
      case "Expires" -> "Expires: 60";
      case "Min-Expires" -> "Min-Expires: 60";
      case "Date" -> "Date: Sat, 13 Nov 2010 23:29:00 GMT";
      default -> null; // in the base request already
    };
    String text = first == null ? append(request(), duplicate) : append(request(), first, duplicate);
    ParseFailure f = failure(text);
    assertThat(f.status()).isEqualTo(400);
    assertThat(f.reason()).isEqualTo("more than one " + name + " header");
    assertThat(f.request()).isTrue();
    assertThat(f.method()).isEqualTo("OPTIONS");
  }

  @Test
  void aRepeatedIdenticalContentLengthIsStillOneTooMany() {
    assertThat(failure(request("Content-Length: 0", "l: 0")).reason()).contains("more than one Content-Length");
    assertThat(failure(request("Content-Length: 0", "l: 1")).reason()).contains("conflicting Content-Length");
  }

  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"Via", "From", "To", "Call-ID", "CSeq"})
  void mandatoryHeadersMustBePresent(String name) {
    String text = request().replace(Arrays.stream(BASE).filter(b -> b.startsWith(name + ":")).findFirst().orElseThrow() + "\r\n", "");
    ParseFailure f = failure(text);
    assertThat(f.status()).isEqualTo(400);
    assertThat(f.reason()).isEqualTo("missing " + name + " header");
  }

  @Test
  void maxForwardsMayBeAbsent() {
    assertThat(ok(request().replace("Max-Forwards: 70\r\n", "")).maxForwards()).isEqualTo(-1);
  }

  // ---- scalars ------------------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "Max-Forwards: {0}")
  @CsvSource({"0,0", "70,70", "0068,68", "255,255", "' 7 ',7"})
  void maxForwardsInRange(String value, int expected) {
    assertThat(ok(request("Max-Forwards: " + value)).maxForwards()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Max-Forwards: {0}")
  @ValueSource(strings = {"256", "300", "-1", "seventy", "7 0", "", "99999999999999999999"})
  void maxForwardsOutOfRangeIsRejected(String value) {
    ParseFailure f = failure(request("Max-Forwards: " + value));
    assertThat(f.status()).isEqualTo(400);
    assertThat(f.reason()).contains("Max-Forwards");
  }

  @ParameterizedTest(name = "CSeq: {0}")
  @CsvSource(delimiter = '|', value = {"1 OPTIONS|1", "0 OPTIONS|0", "0009 OPTIONS|9", "4294967295 OPTIONS|4294967295", "'  7   OPTIONS  '|7"})
  void cseqInRange(String value, long expected) {
    SipMessage m = ok(request("CSeq: " + value));
    assertThat(m.cseq().number()).isEqualTo(expected);
    assertThat(m.cseq().method()).isEqualTo("OPTIONS");
  }

  @ParameterizedTest(name = "CSeq: {0}")
  @ValueSource(strings = {"4294967296 OPTIONS", "36893488147419103232 OPTIONS", "-1 OPTIONS", "1OPTIONS", "1 OPTIONS x",
      "OPTIONS", "1", "one OPTIONS", "1 OPT IONS", "1 OPT/IONS", ""})
  void cseqOutOfRangeOrMalformedIsRejected(String value) {
    ParseFailure f = failure(request("CSeq: " + value));
    assertThat(f.status()).isEqualTo(400);
    assertThat(f.reason()).containsIgnoringCase("CSeq");
  }

  @Test
  void cseqRecordBounds() throws SipSyntaxException {
    assertThat(CSeq.parse("4294967295 INVITE")).isEqualTo(new CSeq(CSeq.MAX, "INVITE"));
    assertThat(new CSeq(0, "ACK").toString()).isEqualTo("0 ACK");
    assertThatThrownBy(() -> new CSeq(-1, "ACK")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CSeq(CSeq.MAX + 1, "ACK")).isInstanceOf(IllegalArgumentException.class);
    assertThat(CSeq.parseNumber("000", 10, "x")).isZero();
    assertThatThrownBy(() -> CSeq.parseNumber("11", 10, "x")).isInstanceOf(SipSyntaxException.class);
  }

  @ParameterizedTest(name = "Call-ID: {0}")
  @ValueSource(strings = {"a@b@c", "@b", "a@", "a b", "", "caf\u00e9"})
  void malformedCallIdIsRejected(String value) {
    assertThat(failure(request("Call-ID: " + value)).reason()).containsIgnoringCase("Call-ID");
  }

  @Test
  void callIdWordsMayHoldPunctuation() {
    String id = "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{";
    assertThat(ok(request("Call-ID: " + id)).callId()).isEqualTo(id);
  }

  @Test
  void contentTypeIsLowerCasedWithoutParameters() {
    SipMessage m = ok(request("Content-Type: Multipart/Mixed ; boundary=\"7a9cbec02ceef655\""));
    assertThat(m.contentType()).isEqualTo("multipart/mixed");
    assertThat(ok(request()).contentType()).isNull();
  }

  // ---- framing and the start line ------------------------------------------------------------------------------

  @Test
  void contentLengthFramesTheBodyOfADatagram() {
    String head = request().replace("\r\n\r\n", "\r\nContent-Length: 5\r\n\r\n");
    SipMessage m = ok(head + "hello, trailing noise");
    assertThat(new String(m.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(new String(m.encode(), StandardCharsets.US_ASCII)).isEqualTo(head + "hello");
    ParseFailure f = failure(request().replace("\r\n\r\n", "\r\nContent-Length: 50\r\n\r\n") + "short");
    assertThat(f.reason()).contains("larger than the message");
    assertThat(ok(request() + "no length").body()).asString().isEqualTo("no length");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "No colon here                 | malformed header line",
      "Bad Name: x                   | malformed header line",
      ": no name                     | malformed header line",
      "X-\u00e9: x                   | malformed header line",
  })
  void malformedHeaderLinesAreRejected(String line, String why) {
    ParseFailure f = failure(request(line));
    assertThat(f.status()).isEqualTo(400);
    assertThat(f.reason()).contains(why).doesNotContain("\r");
    assertThat(f.method()).isEqualTo("OPTIONS");
  }

  @Test
  void aBareCrInTheHeaderSectionIsRejected() {
    ParseFailure f = failure(request("X-Bad\rValue: 1"));
    assertThat(f.reason()).contains("bare CR");
    assertThat(failure(request("Subject: a\rb")).reason()).contains("bare CR");
  }

  @Test
  void aContinuationLineNeedsAHeaderBeforeIt() {
    assertThat(failure("OPTIONS sip:b@example.com SIP/2.0\r\n folded\r\nVia: x\r\n\r\n").reason()).contains("continuation");
  }

  @Test
  void limitsOfTheCodecOptionsApply() {
    SipMessageParser small = new SipMessageParser(new SipCodecOptions()
        .setMaxStartLineBytes(64).setMaxHeaderBytes(400).setMaxHeaderCount(8).setMaxBodyBytes(10));
    byte[] longUri = ("OPTIONS sip:" + "u".repeat(80) + "@example.com SIP/2.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    assertThat(((DecodeResult.Failure) small.parseDatagram(longUri)).failure())
        .satisfies(f -> assertThat(f.status()).isEqualTo(414))
        .satisfies(f -> assertThat(f.method()).isEqualTo("OPTIONS"));
    byte[] many = request("A: 1", "B: 2", "C: 3").getBytes(StandardCharsets.US_ASCII);
    assertThat(((DecodeResult.Failure) small.parseDatagram(many)).failure().status()).isEqualTo(513);
    byte[] big = request("X-Big: " + "b".repeat(300)).getBytes(StandardCharsets.US_ASCII);
    assertThat(((DecodeResult.Failure) small.parseDatagram(big)).failure().status()).isEqualTo(513);
    byte[] body = (request("Content-Length: 11") + "hello world").getBytes(StandardCharsets.US_ASCII);
    assertThat(((DecodeResult.Failure) small.parseDatagram(body)).failure().status()).isEqualTo(513);
    assertThatThrownBy(() -> new SipCodecOptions().setMaxBodyBytes(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "OPTIONS sip:b@example.com SIP/2.0        | OPTIONS",
      "OPTIONS sip:b@example.com sip/2.0        | OPTIONS",
      "NOTIFY sip:b@example.com SIP/2.0         | NOTIFY",
      "!interesting-Method0123456789_*+`.%indeed'~ sip:b@example.com SIP/2.0 | !interesting-Method0123456789_*+`.%indeed'~",
  })
  void requestLines(String line, String method) {
    SipMessage m = ok(request().replace("OPTIONS sip:b@example.com SIP/2.0", line).replace("CSeq: 1 OPTIONS", "CSeq: 1 " + method));
    assertThat(((SipRequest) m).method()).isEqualTo(method);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "OPTIONS  sip:b@example.com SIP/2.0   | 400 | more than one SP",
      "'OPTIONS sip:b@example.com SIP/2.0 ' | 400 | trailing whitespace",
      "OPTIONS sip:b@example.com  SIP/2.0   | 400 | whitespace",
      "OPTIONS\tsip:b@example.com SIP/2.0   | 400 | malformed request line",
      "OPTIONS sip:b@example.com SIP/3.0    | 505 | SIP/3.0",
      "OPTIONS sip:b@example.com HTTP/1.1   | 400 | HTTP/1.1",
      "OPTIONS sip:b@example.com            | 400 | malformed request line",
      "OPT(IONS sip:b@example.com SIP/2.0   | 400 | malformed method",
      "OPTIONS <sip:b@example.com> SIP/2.0  | 400 | Request-URI",
      "OPTIONS sip:b@exa mple.com SIP/2.0   | 400 | whitespace",
  })
  void malformedRequestLines(String line, int status, String why) {
    ParseFailure f = failure(request().replace("OPTIONS sip:b@example.com SIP/2.0", line));
    assertThat(f.status()).isEqualTo(status);
    assertThat(f.reason()).contains(why);
    assertThat(f.request()).isTrue();
  }

  private static String response(String statusLine) {
    return statusLine + "\r\n" + String.join("\r\n", BASE).replace("To: <sip:b@example.com>", "To: <sip:b@example.com>;tag=2") + "\r\n\r\n";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "SIP/2.0 200 OK                    | 200 | OK",
      "SIP/2.0 100                       | 100 | ''",
      "SIP/2.0 699 Custom Failure        | 699 | Custom Failure",
      "sip/2.0 180 Ringing               | 180 | Ringing",
      "SIP/2.0 486 Busy  Here            | 486 | Busy  Here",
  })
  void statusLines(String line, int status, String reason) {
    SipResponse r = (SipResponse) ok(response(line));
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.reason()).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SIP/2.0 4294967301 big", "SIP/2.0 099 low", "SIP/2.0 700 high", "SIP/2.0 20 OK", "SIP/2.0 2000 OK",
      "SIP/2.0 abc OK", "SIP/3.0 200 OK", "SIP/2.0  200 OK", "SIP/2.0"})
  void malformedStatusLinesAreDroppedNeverAnswered(String line) {
    ParseFailure f = failure(response(line));
    assertThat(f.request()).isFalse();
    assertThat(f.method()).isNull();
  }
}
