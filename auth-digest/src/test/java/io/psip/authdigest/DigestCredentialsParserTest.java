package io.psip.authdigest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DigestCredentialsParserTest {
  private static final String R32 = "0123456789abcdef0123456789abcdef";
  private static final String R64 = R32 + R32;
  private static final String BASE = "username=\"alice\", realm=\"sip.example.com\", nonce=\"n1\", uri=\"sip:+15550100@sip.example.com\", ";

  static DigestCredentials ok(String value) {
    var r = DigestCredentialsParser.parse(value);
    assertThat(r).as(value).isInstanceOf(DigestCredentialsParser.Result.Parsed.class);
    return ((DigestCredentialsParser.Result.Parsed) r).credentials();
  }

  static String fails(String value) {
    var r = DigestCredentialsParser.parse(value);
    assertThat(r).as(value).isInstanceOf(DigestCredentialsParser.Result.Failure.class);
    return ((DigestCredentialsParser.Result.Failure) r).reason();
  }

  @Test
  void fullResponse() {
    DigestCredentials c = ok("Digest " + BASE + "response=\"" + R64 + "\", algorithm=SHA-256, qop=auth, nc=0000000a, "
        + "cnonce=\"c1\", opaque=\"o\"");
    assertThat(c.username()).isEqualTo("alice");
    assertThat(c.realm()).isEqualTo("sip.example.com");
    assertThat(c.uri()).isEqualTo("sip:+15550100@sip.example.com");
    assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
    assertThat(c.nc()).isEqualTo("0000000a");
    assertThat(c.ncValue()).isEqualTo(10);
    assertThat(c.cnonce()).isEqualTo("c1");
    assertThat(c.opaque()).isEqualTo("o");
    assertThat(c.toString()).doesNotContain(R64);
  }

  @Test
  void defaultsAndCaseInsensitivity() {
    DigestCredentials c = ok("dIgEsT USERNAME=\"bob\",Realm=\"r\",NONCE=\"n\",Uri=\"sip:x\",RESPONSE=\""
        + R32.toUpperCase() + "\",QOP=auth,NC=FFFFFFFF,CNONCE=\"c\"");
    assertThat(c.algorithm()).as("MD5 by default, RFC 7616 §3.4").isEqualTo(DigestAlgorithm.MD5);
    assertThat(c.response()).isEqualTo(R32);
    assertThat(c.ncValue()).isEqualTo(0xffffffffL);
    assertThat(ok("Digest " + BASE + "response=\"" + R32 + "\", algorithm=md5, qop=auth, nc=00000001, cnonce=c")
        .algorithm()).isEqualTo(DigestAlgorithm.MD5);
    assertThat(ok("Digest " + BASE + "response=\"" + R64 + "\", algorithm=sha-256, qop=\"auth\", nc=00000001, cnonce=c")
        .qop()).isEqualTo("auth");
  }

  @Test
  void tokensQuotedPairsWhitespaceAndUnknownParameters() {
    DigestCredentials c = ok("\tDigest \t username = alice , realm = \"we\\\"ird\\\\realm\" ,nonce=n1,uri=\"sip:a@b\","
        + " response=" + R32 + ", future-param=\"x, y\", other=token, qop=auth, nc=00000001, cnonce=\"\\c\"  ");
    assertThat(c.username()).isEqualTo("alice");
    assertThat(c.realm()).isEqualTo("we\"ird\\realm");
    assertThat(c.cnonce()).isEqualTo("c");
    assertThat(ok("Digest " + BASE + "response=\"" + R32 + "\", qop=auth, nc=00000001, cnonce=\"ünïcødé\"").cnonce())
        .isEqualTo("ünïcødé");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '#', value = {
      "Basic dXNlcjpwYXNz | scheme is not Digest",
      "Digestive username=\"a\" | scheme is not Digest",
      "Digest | no parameters after Digest",
      "#Digest # | missing parameter",
      "## | no authentication scheme",
      "Digest username=\"a\", username=\"b\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\" | duplicate parameter username",
      "Digest username=\"a\", USERNAME=\"b\" | duplicate parameter username",
      "Digest realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\" | missing username",
      "Digest username=\"a\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\" | missing realm",
      "Digest username=\"a\", realm=\"r\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\" | missing nonce",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", response=\"0123456789abcdef0123456789abcdef\" | missing uri",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\" | missing response",
      "Digest username=\"\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\" | empty username",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5-sess | session algorithms (-sess) are not supported",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", algorithm=SHA-256-sess | session algorithms (-sess) are not supported",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", algorithm=SHA-512-256 | unsupported algorithm",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", algorithm=SHA-256 | response is not 64 hex digits",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdeg\" | response is not 32 hex digits",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", qop=auth, cnonce=\"c\" | missing nc",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", qop=auth, nc=00000001 | missing cnonce",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", qop=auth, nc=1, cnonce=\"c\" | nc is not 8 hex digits",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", qop=auth, nc=0000000g, cnonce=\"c\" | nc is not 8 hex digits",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", qop=auth, nc=000000001, cnonce=\"c\" | nc is not 8 hex digits",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", qop=\"auth,auth-int\", nc=00000001, cnonce=\"c\" | qop must be one token",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", nc=00000001 | nc and cnonce need qop",
      "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"0123456789abcdef0123456789abcdef\", userhash=true | userhash is not supported",
      "Digest username=\"a, realm=\"r\" | expected ',' after username",
      "Digest username=\"a | bad quoted-string for username",
      "Digest username=\"a\\ | bad quoted-string for username",
      "Digest username | expected '=' after username",
      "Digest username= | expected a token or quoted-string for username",
      "Digest username=\"a\",, realm=\"r\" | expected a parameter name at offset 20",
      "Digest username=\"a\", | missing parameter",
      "Digest username=a b | expected ',' after username",
      "Digest =a | expected a parameter name at offset 7",
  })
  void failures(String value, String reason) {
    assertThat(fails(value)).isEqualTo(reason);
  }

  @Test
  void controlCharactersAndNullAreRefused() {
    assertThat(fails(null)).isEqualTo("no credentials");
    assertThat(fails("Digest username=\"a\r\n b\"")).isEqualTo("bad quoted-string for username");
    assertThat(fails("Digest username=\"a\u0000\"")).isEqualTo("bad quoted-string for username");
    assertThat(fails("Digest username=\"a\\\u0001\"")).isEqualTo("bad quoted-string for username");
    assertThat(fails("Digest\r\n username=\"a\"")).isEqualTo("no parameters after Digest");
    assertThat(fails("Digest " + "x".repeat(DigestCredentialsParser.MAX_LENGTH))).startsWith("credentials longer than");
  }

  @Test
  void roundTrips() {
    DigestCredentials c = ok("Digest username=\"a\\\"b\\\\c\", realm=\"\", nonce=\"n=/+\", uri=\"sip:a@b;transport=tcp\","
        + " response=\"" + R64 + "\", algorithm=SHA-256, qop=auth, nc=0000FFFF, cnonce=\"c \t d\", opaque=\"\"");
    assertThat(ok(c.toHeaderValue())).isEqualTo(c);
    DigestCredentials noQop = ok("Digest " + BASE + "response=\"" + R32 + "\"");
    assertThat(noQop.qop()).isNull();
    assertThat(noQop.ncValue()).isEqualTo(-1);
    assertThat(ok(noQop.toHeaderValue())).isEqualTo(noQop);
  }
}
