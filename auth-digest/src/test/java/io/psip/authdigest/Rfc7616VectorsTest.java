package io.psip.authdigest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7616 §3.9.1: user Mufasa, password "Circle of Life", realm http-auth@example.org, GET /dir/index.html,
 * qop=auth, nc=00000001, with the RFC's nonce and cnonce; expected responses as printed in the RFC.
 */
class Rfc7616VectorsTest {
  static final String USER = "Mufasa";
  static final String PASSWORD = "Circle of Life";
  static final String REALM = "http-auth@example.org";
  static final String URI = "/dir/index.html";
  static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
  static final String MD5_RESPONSE = "8ca523f5e9506fed4657c9700eebdbec";
  static final String SHA256_RESPONSE = "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1";

  /** The Authorization header of the RFC's example, as the client sends it (folded lines joined). */
  static String header(String algorithm, String response) {
    return "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm="
        + algorithm + ", nonce=\"" + NONCE + "\", nc=00000001, cnonce=\"" + CNONCE + "\", qop=auth, response=\""
        + response + "\", opaque=\"" + OPAQUE + "\"";
  }

  @Test
  void md5Response() {
    String ha1 = DigestVerifier.ha1(DigestAlgorithm.MD5, USER, REALM, PASSWORD);
    assertThat(DigestVerifier.expectedResponse(DigestAlgorithm.MD5, ha1, NONCE, "00000001", CNONCE, "auth", "GET", URI))
        .isEqualTo(MD5_RESPONSE);
  }

  @Test
  void sha256Response() {
    String ha1 = DigestVerifier.ha1(DigestAlgorithm.SHA_256, USER, REALM, PASSWORD);
    assertThat(DigestVerifier.expectedResponse(DigestAlgorithm.SHA_256, ha1, NONCE, "00000001", CNONCE, "auth", "GET",
        URI)).isEqualTo(SHA256_RESPONSE);
  }

  @Test
  void theRfcHeadersParseAndVerify() {
    for (DigestAlgorithm alg : DigestAlgorithm.values()) {
      String response = alg == DigestAlgorithm.MD5 ? MD5_RESPONSE : SHA256_RESPONSE;
      var r = DigestCredentialsParser.parse(header(alg.token(), response));
      assertThat(r).isInstanceOf(DigestCredentialsParser.Result.Parsed.class);
      DigestCredentials c = ((DigestCredentialsParser.Result.Parsed) r).credentials();
      assertThat(c.algorithm()).isEqualTo(alg);
      assertThat(c.opaque()).isEqualTo(OPAQUE);
      assertThat(c.ncValue()).isEqualTo(1);
      String ha1 = DigestVerifier.ha1(alg, USER, REALM, PASSWORD);
      assertThat(DigestVerifier.verify(c, "GET", URI, ha1)).isEqualTo(DigestVerifier.Result.OK);
      assertThat(DigestVerifier.verify(c, "GET", URI, DigestVerifier.ha1(alg, USER, REALM, "Circle of Lies")))
          .isEqualTo(DigestVerifier.Result.WRONG_CREDENTIALS);
      assertThat(DigestVerifier.verify(c, "POST", URI, ha1)).isEqualTo(DigestVerifier.Result.WRONG_CREDENTIALS);
    }
  }
}
