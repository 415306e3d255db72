package io.psip.sip.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TCP delivers bytes, not messages: whatever the chunking, the decoder must emit the same results. The reference for
 * each input is what a fresh decoder emits when given all of it at once ({@link ConformanceTest} pins that against
 * the datagram parser); here every other way of cutting the same bytes must agree with it.
 */
class StreamDecoderSplitTest {
  private static final SipMessageParser PARSER = new SipMessageParser();

  static final byte[] INVITE_WITH_SDP = (
      "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
          + "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
          + "To: Bob <sip:bob@biloxi.example.com>\r\n"
          + "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
          + "CSeq: 1 INVITE\r\n"
          + "Contact: <sip:alice@client.atlanta.example.com;transport=tcp>\r\n"
          + "Content-Type: application/sdp\r\n"
          + "Content-Length: 151\r\n"
          + "\r\n"
          + "v=0\r\n"
          + "o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com\r\n"
          + "s=-\r\n"
          + "c=IN IP4 192.0.2.101\r\n"
          + "t=0 0\r\n"
          + "m=audio 49172 RTP/AVP 0\r\n"
          + "a=rtpmap:0 PCMU/8000\r\n").getBytes(StandardCharsets.US_ASCII);

  record Input(String name, byte[] bytes) {
    @Override
    public String toString() { return name; }
  }

  /** Every corpus file (valid or not: chunking must never change a verdict) plus a plain INVITE with SDP. */
  static Stream<Input> inputs() {
    List<Input> out = new ArrayList<>();
    out.add(new Input("INVITE with SDP", INVITE_WITH_SDP));
    for (String f : Corpus.files()) out.add(new Input(f, Corpus.bytes(f)));
    return out.stream();
  }

  /** Corpus files that are exactly one message on a stream: the ones to pipeline. */
  static List<byte[]> singleMessages() {
    List<byte[]> out = new ArrayList<>();
    out.add(INVITE_WITH_SDP);
    for (String f : Corpus.files()) {
      byte[] b = Corpus.bytes(f);
      SipStreamDecoder d = new SipStreamDecoder(PARSER);
      List<DecodeResult> rs = Corpus.stream(d, b);
      if (rs.size() == 1 && rs.get(0) instanceof DecodeResult.Message && d.buffered() == 0) out.add(b);
    }
    return out;
  }

  /** What a decoder emitted, plus where it was left: the whole observable outcome. */
  record Outcome(List<String> results, int buffered, boolean broken) {}

  private static Outcome whole(byte[] b) {
    SipStreamDecoder d = new SipStreamDecoder(PARSER);
    List<DecodeResult> rs = Corpus.stream(d, b);
    return new Outcome(Results.fingerprints(rs), d.buffered(), d.isBroken());
  }

  /** Feeds {@code b} in chunks ending at the given cut positions (increasing, exclusive of 0 and b.length). */
  private static Outcome cut(byte[] b, int... cuts) {
    SipStreamDecoder d = new SipStreamDecoder(PARSER);
    List<DecodeResult> rs = new ArrayList<>();
    int from = 0;
    for (int c : cuts) {
      d.decode(b, from, c - from, rs::add);
      from = c;
    }
    d.decode(b, from, b.length - from, rs::add);
    return new Outcome(Results.fingerprints(rs), d.buffered(), d.isBroken());
  }

  @Test
  void everyCorpusFileIsAnInput() {
    assertThat(inputs()).hasSize(1 + 73);
    assertThat(singleMessages()).as("parseable corpus messages to pipeline").hasSizeGreaterThan(40);
    assertThat(whole(INVITE_WITH_SDP).results()).singleElement().asString().startsWith("M ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void oneByteAtATime(Input in) {
    Outcome expected = whole(in.bytes());
    SipStreamDecoder d = new SipStreamDecoder(PARSER);
    List<DecodeResult> rs = new ArrayList<>();
    for (int i = 0; i < in.bytes().length; i++) d.decode(in.bytes(), i, 1, rs::add);
    assertThat(new Outcome(Results.fingerprints(rs), d.buffered(), d.isBroken())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void splitAtEveryPosition(Input in) {
    Outcome expected = whole(in.bytes());
    for (int at = 1; at < in.bytes().length; at++) {
      assertThat(cut(in.bytes(), at)).as("split at %d", at).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void randomChunks(Input in) {
    Outcome expected = whole(in.bytes());
    Random random = new Random(4475L * 5118L + in.name().hashCode());
    for (int iteration = 0; iteration < 300; iteration++) {
      int[] cuts = randomCuts(random, in.bytes().length, iteration % 2 == 0 ? 8 : 200);
      assertThat(cut(in.bytes(), cuts)).as("iteration %d, cuts %s", iteration, java.util.Arrays.toString(cuts))
          .isEqualTo(expected);
    }
  }

  private static int[] randomCuts(Random random, int length, int maxChunk) {
    List<Integer> cuts = new ArrayList<>();
    for (int at = 1 + random.nextInt(maxChunk); at < length; at += 1 + random.nextInt(maxChunk)) cuts.add(at);
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }

  @ParameterizedTest(name = "separator: {0}")
  @ValueSource(strings = {"none", "ping", "crlf", "ping+crlf"})
  void pipelinedMessagesInRandomChunks(String separator) {
    byte[] between = switch (separator) {
      case "ping" -> "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      case "crlf" -> "\r\n".getBytes(StandardCharsets.US_ASCII);
      case "ping+crlf" -> "\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      default -> new byte[0];
    };
    boolean ping = separator.startsWith("ping");
    List<byte[]> messages = singleMessages();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    for (byte[] m : messages) {
      all.writeBytes(m);
      expected.add(Results.fingerprint(PARSER.parseDatagram(m)));
      all.writeBytes(between);
      if (ping) expected.add("K ping=true");
    }
    byte[] stream = all.toByteArray();
    // a separator after the last message: "\r\n" alone might be half a ping, so the decoder holds it
    int trailing = separator.equals("crlf") || separator.equals("ping+crlf") ? 2 : 0;

    Random random = new Random(3261);
    for (int iteration = 0; iteration < 40; iteration++) {
      SipStreamDecoder d = new SipStreamDecoder(PARSER);
      List<DecodeResult> rs = new ArrayList<>();
      int from = 0;
      for (int at : randomCuts(random, stream.length, iteration % 2 == 0 ? 64 : 4096)) {
        d.decode(stream, from, at - from, rs::add);
        from = at;
      }
      d.decode(stream, from, stream.length - from, rs::add);
      assertThat(Results.fingerprints(rs)).isEqualTo(expected);
      assertThat(d.buffered()).isEqualTo(trailing);
      List<DecodeResult> msgs = rs.stream().filter(r -> r instanceof DecodeResult.Message).toList();
      assertThat(msgs).hasSameSizeAs(messages);
      for (int i = 0; i < msgs.size(); i++) {
        assertThat(((DecodeResult.Message) msgs.get(i)).message().encode()).isEqualTo(messages.get(i));
      }
    }
  }

  // ---- keep-alives ---------------------------------------------------------------------------------------------

  @Test
  void doubleCrlfIsAPing() {
    assertThat(fingerprints("\r\n\r\n")).containsExactly("K ping=true");
    assertThat(fingerprints("\r\n", "\r\n")).containsExactly("K ping=true");
    assertThat(fingerprints("\r", "\n\r", "\n")).containsExactly("K ping=true");
    assertThat(fingerprints("\r\n\r\n\r\n\r\n")).containsExactly("K ping=true", "K ping=true");
  }

  @Test
  void singleCrlfBeforeAMessageIsSkipped() {
    String msg = new String(INVITE_WITH_SDP, StandardCharsets.US_ASCII);
    List<String> rs = fingerprints("\r\n", msg);
    assertThat(rs).hasSize(1);
    assertThat(rs.get(0)).isEqualTo(Results.fingerprint(PARSER.parseDatagram(INVITE_WITH_SDP)));
  }

  @Test
  void halfAPingIsHeldNotReported() {
    SipStreamDecoder d = new SipStreamDecoder(PARSER);
    assertThat(Corpus.stream(d, ascii("\r\n\r"))).isEmpty();
    assertThat(d.buffered()).isEqualTo(3);
    assertThat(Corpus.stream(d, ascii("\n"))).extracting(Results::fingerprint).containsExactly("K ping=true");
    assertThat(d.buffered()).isZero();
  }

  // ---- limits and framing errors -------------------------------------------------------------------------------

  private static final SipCodecOptions SMALL = new SipCodecOptions()
      .setMaxStartLineBytes(128).setMaxHeaderBytes(512).setMaxHeaderCount(16).setMaxBodyBytes(256);

  private static String head(String startLine, String... extra) {
    StringBuilder b = new StringBuilder(startLine).append("\r\n")
        .append("Via: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n")
        .append("From: <sip:a@example.com>;tag=1\r\n")
        .append("To: <sip:b@example.com>\r\n")
        .append("Call-ID: limits@192.0.2.1\r\n")
        .append("CSeq: 1 OPTIONS\r\n")
        .append("Max-Forwards: 70\r\n");
    for (String e : extra) b.append(e).append("\r\n");
    return b.toString();
  }

  private static final String VALID = head("OPTIONS sip:b@example.com SIP/2.0", "Content-Length: 0") + "\r\n";

  @Test
  void oversizedHeaderSectionFailsWith513AndClosesAndNothingAfterIsProcessed() {
    SipStreamDecoder d = new SipStreamDecoder(new SipMessageParser(SMALL));
    String big = head("OPTIONS sip:b@example.com SIP/2.0", "X-Padding: " + "x".repeat(600), "Content-Length: 0") + "\r\n";
    List<DecodeResult> rs = Corpus.stream(d, ascii(big), ascii(VALID));
    assertThat(rs).singleElement().isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
      assertThat(f.failure().status()).isEqualTo(513);
      assertThat(f.closeConnection()).isTrue();
      assertThat(f.failure().request()).isTrue();
      assertThat(f.failure().reason()).contains("header section");
    });
    assertThat(d.isBroken()).isTrue();
    assertThat(d.buffered()).isZero();
    assertThat(Corpus.stream(d, ascii(VALID), ascii("\r\n\r\n"))).as("nothing after bad framing").isEmpty();
  }

  @Test
  void endlessHeaderSectionIsCutOffWithoutBufferingMoreThanTheLimit() {
    SipMessageParser parser = new SipMessageParser(SMALL);
    SipStreamDecoder d = new SipStreamDecoder(parser);
    List<DecodeResult> rs = new ArrayList<>();
    d.decode(ascii("OPTIONS sip:b@example.com SIP/2.0\r\n"), rs::add);
    for (int i = 0; i < 1000 && rs.isEmpty(); i++) {
      d.decode(ascii("X-Header-" + i + ": value\r\n"), rs::add);
      assertThat(d.buffered()).isLessThanOrEqualTo(SMALL.maxMessageBytes());
    }
    assertThat(rs).singleElement().isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
      assertThat(f.failure().status()).isEqualTo(513);
      assertThat(f.closeConnection()).isTrue();
    });
    assertThat(d.buffered()).isZero();
  }

  @Test
  void oversizedResponseHeadersAreAResponseFailure() {
    SipStreamDecoder d = new SipStreamDecoder(new SipMessageParser(SMALL));
    List<DecodeResult> rs = Corpus.stream(d, ascii(head("SIP/2.0 200 OK", "X-Padding: " + "x".repeat(1000))));
    assertThat(rs).singleElement().isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
      assertThat(f.failure().status()).isEqualTo(513);
      assertThat(f.failure().request()).as("a response is dropped, never answered").isFalse();
      assertThat(f.closeConnection()).isTrue();
    });
  }

  @Test
  void tooLongStartLineIs414AndCloses() {
    SipStreamDecoder d = new SipStreamDecoder(new SipMessageParser(SMALL));
    List<DecodeResult> rs = Corpus.stream(d, ascii("INVITE sip:" + "a".repeat(300)));
    assertThat(rs).singleElement().isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
      assertThat(f.failure().status()).isEqualTo(414);
      assertThat(f.failure().method()).isEqualTo("INVITE");
      assertThat(f.closeConnection()).isTrue();
    });
  }

  @Test
  void contentLengthOverTheBodyLimitIs513AndCloses() {
    SipStreamDecoder d = new SipStreamDecoder(new SipMessageParser(SMALL));
    List<DecodeResult> rs = Corpus.stream(d, ascii(head("OPTIONS sip:b@example.com SIP/2.0", "Content-Length: 257") + "\r\n"),
        ascii(VALID));
    assertThat(rs).singleElement().isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
      assertThat(f.failure().status()).isEqualTo(513);
      assertThat(f.failure().reason()).contains("body");
      assertThat(f.closeConnection()).isTrue();
    });
    assertThat(d.buffered()).isZero();
  }

  @Test
  void bodyAtTheLimitIsAccepted() {
    SipStreamDecoder d = new SipStreamDecoder(new SipMessageParser(SMALL));
    String body = "x".repeat(256);
    List<DecodeResult> rs = Corpus.stream(d, ascii(head("MESSAGE sip:b@example.com SIP/2.0", "Content-Length: 256")
        .replace("CSeq: 1 OPTIONS", "CSeq: 1 MESSAGE") + "\r\n" + body));
    assertThat(rs).singleElement().isInstanceOfSatisfying(DecodeResult.Message.class,
        m -> assertThat(m.message().body()).hasSize(256));
  }

  @ParameterizedTest(name = "Content-Length: {0}")
  @ValueSource(strings = {"-1", "-999", "five", "99999999999999999999", "2147483648", "1 2", "0x10", "+5", ""})
  void unusableContentLengthIs400AndCloses(String value) {
    SipStreamDecoder d = new SipStreamDecoder(PARSER);
    List<DecodeResult> rs = Corpus.stream(d, ascii(head("OPTIONS sip:b@example.com SIP/2.0", "Content-Length: " + value) + "\r\n"),
        ascii(VALID));
    assertThat(rs).singleElement().isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
      assertThat(f.failure().status()).isEqualTo(400);
      assertThat(f.failure().reason()).contains("Content-Length");
      assertThat(f.closeConnection()).isTrue();
    });
    assertThat(d.isBroken()).isTrue();
  }

  @Test
  void aBadStartLineDoesNotBreakFramingTheBodyIsSkipped() {
    SipStreamDecoder d = new SipStreamDecoder(PARSER);
    String bad = head("OPTIONS  sip:b@example.com SIP/2.0", "Content-Length: 5") + "\r\nhello";
    List<DecodeResult> rs = Corpus.stream(d, ascii(bad + VALID));
    assertThat(rs).hasSize(2);
    assertThat(rs.get(0)).isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
      assertThat(f.failure().status()).isEqualTo(400);
      assertThat(f.closeConnection()).isFalse();
    });
    assertThat(rs.get(1)).isInstanceOf(DecodeResult.Message.class);
  }

  @Test
  void aBadHeaderValueDoesNotBreakFraming() {
    SipStreamDecoder d = new SipStreamDecoder(PARSER);
    String bad = head("OPTIONS sip:b@example.com SIP/2.0", "Contact: <sip:a@b", "Content-Length: 2") + "\r\nhi";
    List<DecodeResult> rs = Corpus.stream(d, ascii(bad + VALID));
    assertThat(rs).extracting(Results::fingerprint).satisfiesExactly(
        f -> assertThat(f).startsWith("F 400 request=true close=false malformed Contact"),
        m -> assertThat(m).startsWith("M "));
  }

  @Test
  void aMalformedHeaderLineClosesTheStream() {
    // a line that is no header at all may be a mangled Content-Length: the length of the body is unknown
    SipStreamDecoder d = new SipStreamDecoder(PARSER);
    List<DecodeResult> rs = Corpus.stream(d, ascii(head("OPTIONS sip:b@example.com SIP/2.0", "Content-Length 5") + "\r\nhello" + VALID));
    assertThat(rs).singleElement().isInstanceOfSatisfying(DecodeResult.Failure.class, f -> {
      assertThat(f.failure().status()).isEqualTo(400);
      assertThat(f.failure().reason()).contains("malformed header line");
      assertThat(f.closeConnection()).isTrue();
    });
  }

  @Test
  void bufferStaysBoundedWhileABodyTrickles() {
    SipMessageParser parser = new SipMessageParser(SMALL);
    SipStreamDecoder d = new SipStreamDecoder(parser);
    List<DecodeResult> rs = new ArrayList<>();
    d.decode(ascii(head("MESSAGE sip:b@example.com SIP/2.0", "Content-Length: 256").replace("CSeq: 1 OPTIONS", "CSeq: 1 MESSAGE") + "\r\n"), rs::add);
    for (int i = 0; i < 255; i++) {
      d.decode(ascii("x"), rs::add);
      assertThat(rs).isEmpty();
      assertThat(d.buffered()).isLessThanOrEqualTo(SMALL.maxMessageBytes());
    }
    d.decode(ascii("x"), rs::add);
    assertThat(rs).singleElement().isInstanceOf(DecodeResult.Message.class);
    assertThat(d.buffered()).isZero();
  }

  /** Inputs at the limits of {@link #SMALL}: whatever the chunking, each must get one and the same verdict. */
  static Stream<Input> limitInputs() {
    String uri = "sip:b@example.com";
    String exact = "OPTIONS sip:" + "u".repeat(128 - "OPTIONS sip:@example.com SIP/2.0".length()) + "@example.com SIP/2.0";
    String longer = exact.replace("sip:u", "sip:uu");
    return Stream.of(
        new Input("start line of exactly the limit", ascii(head(exact, "Content-Length: 0") + "\r\n")),
        new Input("start line one over the limit", ascii(head(longer, "Content-Length: 0") + "\r\n")),
        new Input("method longer than the limit", ascii("X".repeat(140) + " " + uri + " SIP/2.0\r\n\r\n")),
        new Input("SP just after the limit", ascii("X".repeat(128) + " " + uri + " SIP/2.0\r\n\r\n")),
        new Input("long start line and long headers", ascii(head(longer, "X-Pad: " + "p".repeat(700)) + "\r\n")),
        new Input("long headers", ascii(head("OPTIONS " + uri + " SIP/2.0", "X-Pad: " + "p".repeat(700)) + "\r\n")),
        new Input("response with a long status line", ascii(head("SIP/2.0 200 " + "O".repeat(200)) + "\r\n")),
        new Input("body at the limit, then more", ascii(head("MESSAGE " + uri + " SIP/2.0", "Content-Length: 256")
            .replace("CSeq: 1 OPTIONS", "CSeq: 1 MESSAGE") + "\r\n" + "b".repeat(256) + VALID)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limitInputs")
  void verdictsAtTheLimitsDoNotDependOnChunking(Input in) {
    SipMessageParser parser = new SipMessageParser(SMALL);
    SipStreamDecoder whole = new SipStreamDecoder(parser);
    List<String> expected = Results.fingerprints(Corpus.stream(whole, in.bytes()));
    assertThat(expected).isNotEmpty();
    for (int at = 1; at < in.bytes().length; at++) {
      SipStreamDecoder d = new SipStreamDecoder(parser);
      List<DecodeResult> rs = new ArrayList<>();
      d.decode(in.bytes(), 0, at, rs::add);
      d.decode(in.bytes(), at, in.bytes().length - at, rs::add);
      assertThat(Results.fingerprints(rs)).as("split at %d", at).isEqualTo(expected);
    }
    SipStreamDecoder d = new SipStreamDecoder(parser);
    List<DecodeResult> rs = new ArrayList<>();
    for (int i = 0; i < in.bytes().length; i++) d.decode(in.bytes(), i, 1, rs::add);
    assertThat(Results.fingerprints(rs)).isEqualTo(expected);
  }

  @Test
  void aStartLineOfExactlyTheLimitIsAcceptedOneMoreIs414() {
    List<String> verdicts = limitInputs().limit(4).map(in -> {
      List<DecodeResult> rs = Corpus.stream(new SipStreamDecoder(new SipMessageParser(SMALL)), in.bytes());
      return Results.fingerprint(rs.get(0)).replaceAll(" M .*|(F \\d+ request=\\w+ close=\\w+).*", "$1");
    }).toList();
    assertThat(verdicts.get(0)).startsWith("M ");
    assertThat(verdicts.subList(1, 4)).containsExactly(
        "F 414 request=true close=true", "F 400 request=true close=true", "F 400 request=true close=true");
  }

  private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

  private static List<String> fingerprints(String... chunks) {
    SipStreamDecoder d = new SipStreamDecoder(PARSER);
    List<DecodeResult> rs = new ArrayList<>();
    for (String c : chunks) d.decode(ascii(c), rs::add);
    return Results.fingerprints(rs);
  }
}
