package io.psip.sip.message;

import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Building and serialising messages: what is built re-parses to the same values (RFC 3261 §7, §8.1.1, §8.2.6). */
class MessageBuilderTest {
  private static final SipMessageParser PARSER = new SipMessageParser();
  private static final byte[] SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  static SipMessage reparse(SipMessage m) {
    DecodeResult r = PARSER.parseDatagram(m.encode());
    assertThat(r).as(String.valueOf(r)).isInstanceOf(DecodeResult.Message.class);
    return ((DecodeResult.Message) r).message();
  }

  static SipRequest invite() throws SipSyntaxException {
    return SipRequest.builder("INVITE", SipUri.parse("sip:bob@biloxi.example.com"))
        .add(HeaderNames.VIA, "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds")
        .add(HeaderNames.VIA, "SIP/2.0/TCP proxy.atlanta.example.com;branch=z9hG4bK1;received=192.0.2.9")
        .add(HeaderNames.MAX_FORWARDS, 70)
        .add(HeaderNames.TO, "Bob <sip:bob@biloxi.example.com>")
        .add(HeaderNames.FROM, "\"Alice \\\"A\\\"\" <sip:alice@atlanta.example.com>;tag=1928301774")
        .add(HeaderNames.CALL_ID, "a84b4c76e66710@pc33.atlanta.example.com")
        .add(HeaderNames.CSEQ, new CSeq(314159, "INVITE"))
        .add(HeaderNames.CONTACT, "<sip:alice@pc33.atlanta.example.com>")
        .add(HeaderNames.RECORD_ROUTE, "<sip:proxy.atlanta.example.com;lr>")
        .add(HeaderNames.TIMESTAMP, "54")
        .add("X-Custom", "a, b")
        .body(SDP, "application/sdp")
        .build();
  }

  @Test
  void aBuiltRequestReparsesToEqualValues() throws SipSyntaxException {
    SipRequest built = invite();
    SipRequest again = (SipRequest) reparse(built);
    assertThat(again.startLine()).isEqualTo("INVITE sip:bob@biloxi.example.com SIP/2.0").isEqualTo(built.startLine());
    assertThat(again.method()).isEqualTo("INVITE");
    assertThat(again.requestUri()).isEqualTo(built.requestUri());
    assertThat(again.vias()).isEqualTo(built.vias()).hasSize(2);
    assertThat(again.from()).isEqualTo(built.from());
    assertThat(again.from().displayName()).isEqualTo("Alice \"A\"");
    assertThat(again.to()).isEqualTo(built.to());
    assertThat(again.callId()).isEqualTo(built.callId());
    assertThat(again.cseq()).isEqualTo(new CSeq(314159, "INVITE"));
    assertThat(again.maxForwards()).isEqualTo(70);
    assertThat(again.contacts()).isEqualTo(built.contacts());
    assertThat(again.recordRoutes()).isEqualTo(built.recordRoutes());
    assertThat(again.headers()).isEqualTo(built.headers());
    assertThat(again.body()).isEqualTo(SDP);
    assertThat(again.contentType()).isEqualTo("application/sdp");
    assertThat(again.header("Content-Length")).isEqualTo(Integer.toString(SDP.length));
    assertThat(again.encode()).isEqualTo(built.encode());
  }

  @Test
  void contentLengthIsAlwaysRecomputedAndLast() throws SipSyntaxException {
    SipRequest r = invite();
    assertThat(r.headers().get(r.headers().size() - 1)).isEqualTo(new SipHeader("Content-Length", Integer.toString(SDP.length)));
    SipRequest noBody = r.toBuilder().add("l", 999).body(null, null).build();
    assertThat(noBody.headerValues("Content-Length")).containsExactly("0");
    assertThat(noBody.hasHeader("Content-Type")).isFalse();
    assertThat(noBody.hasBody()).isFalse();
    assertThat(reparse(noBody).body()).isEmpty();
  }

  @Test
  void serialisationIsNameColonSpaceValueCrlf() throws SipSyntaxException {
    SipRequest r = SipRequest.builder("OPTIONS", SipUri.parse("sip:b@example.com"))
        .add("v", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1").add("f", "<sip:a@example.com>;tag=1").add("t", "<sip:b@example.com>")
        .add("i", "x@y").add("CSeq", "1 OPTIONS").build();
    assertThat(new String(r.encode(), StandardCharsets.US_ASCII)).isEqualTo(
        "OPTIONS sip:b@example.com SIP/2.0\r\n"
            + "v: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
            + "f: <sip:a@example.com>;tag=1\r\n"
            + "t: <sip:b@example.com>\r\n"
            + "i: x@y\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n");
    assertThat(r.toString()).startsWith("OPTIONS sip:b@example.com SIP/2.0\r\n");
    assertThat(r.summary()).isEqualTo("OPTIONS sip:b@example.com SIP/2.0 [x@y 1 OPTIONS]");
  }

  @Test
  void aParsedMessageEncodesToItsOriginalBytesAndItsRebuiltCopyToEqualValues() {
    byte[] wire = ("OPTIONS sip:b@example.com SIP/2.0\r\n"
        + "v :  SIP/2.0/UDP 192.0.2.1 ; branch = z9hG4bK1\r\n"
        + "f: <sip:a@example.com>;tag=1\r\nt: sip:b@example.com\r\ni: x@y\r\n"
        + "CSeq:   1\r\n   OPTIONS\r\nl:0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    SipMessage parsed = ((DecodeResult.Message) PARSER.parseDatagram(wire)).message();
    assertThat(parsed.encode()).isEqualTo(wire);
    SipRequest rebuilt = ((SipRequest) parsed).toBuilder().build();
    assertThat(rebuilt.encode()).isNotEqualTo(wire);
    SipMessage again = reparse(rebuilt);
    assertThat(again.startLine()).isEqualTo(parsed.startLine());
    assertThat(again.vias()).isEqualTo(parsed.vias());
    assertThat(again.cseq()).isEqualTo(parsed.cseq());
    assertThat(again.header("CSeq")).isEqualTo("1 OPTIONS");
    assertThat(again.to()).isEqualTo(parsed.to());
  }

  @Test
  void headerEditing() throws SipSyntaxException {
    MessageBuilder.RequestBuilder b = invite().toBuilder();
    assertThat(b.get("v")).isEqualTo("SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds");
    b.addFirst(HeaderNames.VIA, "SIP/2.0/TCP new.example.com;branch=z9hG4bKnew");
    assertThat(b.build().topVia().host()).isEqualTo("new.example.com");
    b.removeFirst("Via");
    assertThat(b.build().vias()).extracting(Via::host).containsExactly("pc33.atlanta.example.com", "proxy.atlanta.example.com");
    b.set("Max-Forwards", 69);
    assertThat(b.build().maxForwards()).isEqualTo(69);
    assertThat(b.build().headers().get(2).name()).as("set keeps the position").isEqualTo("Max-Forwards");
    b.remove("x-custom");
    assertThat(b.build().hasHeader("X-Custom")).isFalse();
    b.set("Subject", "new at the end");
    assertThat(b.build().headers().get(b.build().headers().size() - 2).name()).isEqualTo("Subject");
    b.requestUri(SipUri.parse("sip:carol@chicago.example.com"));
    assertThat(b.build().startLine()).isEqualTo("INVITE sip:carol@chicago.example.com SIP/2.0");
  }

  @Test
  void buildValidatesLikeTheParser() throws SipSyntaxException {
    MessageBuilder.RequestBuilder b = invite().toBuilder();
    assertThatThrownBy(() -> b.remove("Call-ID").build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Call-ID");
    assertThatThrownBy(() -> invite().toBuilder().add("To", "<sip:x@y>").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than one To");
    assertThatThrownBy(() -> invite().toBuilder().set("Max-Forwards", 256).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> invite().toBuilder().set("Via", "SIP/2.0/UDP").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Via");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x\r\nX-Injected: 1", "x\nX-Injected: 1", "x\r", "\r\n"})
  void headerValuesCannotInjectHeaders(String value) {
    assertThatThrownBy(() -> invite().toBuilder().add("Subject", value)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SipHeader("Subject", value)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bad Name", "X:Y", "X\r\nY", "Ünicode"})
  void headerNamesMustBeTokens(String name) {
    assertThatThrownBy(() -> new SipHeader(name, "v")).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- responses ------------------------------------------------------------------------------------------------

  @Test
  void responseToARequestCopiesViaFromToCallIdCSeqAndAddsTheToTag() throws SipSyntaxException {
    SipRequest req = invite();
    SipResponse ok = SipResponse.to(req, 200).toTag("a6c85cf").add(HeaderNames.CONTACT, "<sip:bob@192.0.2.4>").build();
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.reason()).isEqualTo("OK");
    assertThat(ok.startLine()).isEqualTo("SIP/2.0 200 OK");
    assertThat(ok.vias()).as("all Via values, in order").isEqualTo(req.vias());
    assertThat(ok.from()).isEqualTo(req.from());
    assertThat(ok.callId()).isEqualTo(req.callId());
    assertThat(ok.cseq()).isEqualTo(req.cseq());
    assertThat(ok.to().uri()).isEqualTo(req.to().uri());
    assertThat(ok.to().displayName()).isEqualTo("Bob");
    assertThat(ok.to().tag()).isEqualTo("a6c85cf");
    assertThat(ok.hasHeader("Max-Forwards")).as("not a response header").isFalse();
    assertThat(ok.hasHeader("Timestamp")).as("echoed only in 100").isFalse();
    assertThat(ok.recordRoutes()).isEmpty();
    assertThat(ok.hasHeader("X-Custom")).isFalse();
    assertThat(ok.body()).isEmpty();
    assertThat(ok.header("Content-Length")).isEqualTo("0");
    assertThat(ok.contacts()).hasSize(1);

    SipResponse again = (SipResponse) reparse(ok);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.to()).isEqualTo(ok.to());
    assertThat(again.vias()).isEqualTo(req.vias());
    assertThat(again.isSuccess()).isTrue();
    assertThat(again.isFinal()).isTrue();
  }

  @Test
  void trying100EchoesTimestampAndAnExistingToTagIsKept() throws SipSyntaxException {
    SipRequest req = invite();
    SipResponse trying = SipResponse.to(req, 100).build();
    assertThat(trying.header("Timestamp")).isEqualTo("54");
    assertThat(trying.to().tag()).isNull();
    assertThat(trying.isProvisional()).isTrue();

    SipRequest inDialog = req.toBuilder().set("To", "<sip:bob@biloxi.example.com>;tag=existing").build();
    assertThat(SipResponse.to(inDialog, 487).toTag("new").build().to().tag()).isEqualTo("existing");
  }

  @Test
  void responseReasonsAndRange() {
    assertThatThrownBy(() -> SipResponse.builder(99)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipResponse.builder(700)).isInstanceOf(IllegalArgumentException.class);
    assertThat(StatusCodes.reason(486)).isEqualTo("Busy Here");
    assertThat(StatusCodes.reason(499)).isEqualTo("Client Error");
  }

  @Test
  void warningIsQuotedAndSanitised() throws SipSyntaxException {
    SipResponse r = SipResponse.to(invite(), 400).toTag("t").warning("psip", "bad \"Via\"\r\nX: y \\ end").build();
    assertThat(r.header("Warning")).isEqualTo("399 psip \"bad \\\"Via\\\"  X: y \\\\ end\"");
    assertThat(reparse(r).headerValues("Warning")).hasSize(1);
  }

  @Test
  void lenientBuildEchoesWhatCouldNotBeParsed() {
    byte[] wire = ("OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
        + "From: <sip:a@example.com>;tag=1\r\nTo: < sip:b@example.com >\r\nCall-ID: x@y\r\nCSeq: 1 OPTIONS\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    DecodeResult.Failure f = (DecodeResult.Failure) PARSER.parseDatagram(wire);
    SipResponse r = SipResponse.builder(400).headers(f.failure().headers()).toTag("x").buildLenient();
    assertThat(r.header("To")).as("unparseable To echoed unchanged").isEqualTo("< sip:b@example.com >");
    assertThat(r.to()).isNull();
    assertThat(r.vias()).hasSize(1);
    assertThat(r.callId()).isEqualTo("x@y");
  }

  @Test
  void tagsAndBranchesAreRandomTokens() {
    String a = MessageBuilder.randomToken();
    assertThat(a).isNotEqualTo(MessageBuilder.randomToken()).matches("[0-9a-z]+");
    assertThat(MessageBuilder.newBranch()).startsWith(Via.MAGIC_COOKIE).hasSizeGreaterThan(Via.MAGIC_COOKIE.length() + 4);
  }

  @Test
  void parsedHeadersAreImmutable() throws SipSyntaxException {
    SipRequest r = invite();
    List<SipHeader> headers = r.headers();
    assertThatThrownBy(() -> headers.add(new SipHeader("X", "y"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.vias().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
