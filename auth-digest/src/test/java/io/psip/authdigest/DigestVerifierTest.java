package io.psip.authdigest;

import org.junit.jupiter.api.Test;

import static io.psip.authdigest.DigestVerifier.Result.OK;
import static io.psip.authdigest.DigestVerifier.Result.UNSUPPORTED_QOP;
import static io.psip.authdigest.DigestVerifier.Result.WRONG_CREDENTIALS;
import static io.psip.authdigest.DigestVerifier.Result.WRONG_URI;
import static org.assertj.core.api.Assertions.assertThat;

class DigestVerifierTest {
  private static final String REALM = "sip.example.com";
  private static final String RURI = "sip:+15550100@sip.example.com";

  /** What a client would send: the response computed from the password. */
  static DigestCredentials client(DigestAlgorithm alg, String user, String password, String method, String uri,
                                  String nc) {
    String ha1 = DigestVerifier.ha1(alg, user, REALM, password);
    String response = DigestVerifier.expectedResponse(alg, ha1, "nonce1", nc, "cn", "auth", method, uri);
    return DigestCredentialsParserTest.ok("Digest username=\"" + user + "\", realm=\"" + REALM
        + "\", nonce=\"nonce1\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=" + alg.token()
        + ", qop=auth, nc=" + nc + ", cnonce=\"cn\"");
  }

  @Test
  void rightPasswordBothAlgorithms() {
    for (DigestAlgorithm alg : DigestAlgorithm.values()) {
      DigestCredentials c = client(alg, "key1", "s3cret", "INVITE", RURI, "00000001");
      assertThat(DigestVerifier.verify(c, "INVITE", RURI, DigestVerifier.ha1(alg, "key1", REALM, "s3cret")))
          .isEqualTo(OK);
      assertThat(DigestVerifier.verify(c, "INVITE", "  " + RURI + " ", DigestVerifier.ha1(alg, "key1", REALM, "s3cret")))
          .as("trimmed").isEqualTo(OK);
      assertThat(DigestVerifier.verify(c, "INVITE", RURI,
          DigestVerifier.ha1(alg, "key1", REALM, "s3cret").toUpperCase())).as("stored HA1 in upper case").isEqualTo(OK);
    }
  }

  @Test
  void wrongPasswordAndUnknownUserAreOneOutcome() {
    for (DigestAlgorithm alg : DigestAlgorithm.values()) {
      DigestCredentials c = client(alg, "key1", "guess", "INVITE", RURI, "00000001");
      assertThat(DigestVerifier.verify(c, "INVITE", RURI, DigestVerifier.ha1(alg, "key1", REALM, "s3cret")))
          .isEqualTo(WRONG_CREDENTIALS);
      assertThat(DigestVerifier.verify(c, "INVITE", RURI, null)).isEqualTo(WRONG_CREDENTIALS);
      assertThat(DigestVerifier.verify(c, "INVITE", RURI, "abc")).as("malformed stored HA1").isEqualTo(WRONG_CREDENTIALS);
    }
  }

  @Test
  void wrongHa1AlgorithmIsWrongCredentials() {
    DigestCredentials c = client(DigestAlgorithm.SHA_256, "key1", "s3cret", "INVITE", RURI, "00000001");
    assertThat(DigestVerifier.verify(c, "INVITE", RURI, DigestVerifier.ha1(DigestAlgorithm.MD5, "key1", REALM, "s3cret")))
        .isEqualTo(WRONG_CREDENTIALS);
  }

  @Test
  void uriMustBeTheRequestUri() {
    DigestCredentials c = client(DigestAlgorithm.SHA_256, "key1", "s3cret", "INVITE", "sip:+15550199@sip.example.com",
        "00000001");
    String ha1 = DigestVerifier.ha1(DigestAlgorithm.SHA_256, "key1", REALM, "s3cret");
    assertThat(DigestVerifier.verify(c, "INVITE", RURI, ha1)).isEqualTo(WRONG_URI);
    assertThat(DigestVerifier.verify(c, "INVITE", "sip:+15550199@SIP.example.com", ha1))
        .as("exact text, not RFC 3261 §19.1.4 equivalence").isEqualTo(WRONG_URI);
    assertThat(DigestVerifier.verify(c, "INVITE", null, ha1)).isEqualTo(WRONG_URI);
    assertThat(DigestVerifier.verify(c, "INVITE", "sip:+15550199@sip.example.com", ha1)).isEqualTo(OK);
  }

  @Test
  void methodIsBound() {
    DigestCredentials c = client(DigestAlgorithm.MD5, "key1", "s3cret", "REGISTER", RURI, "00000001");
    assertThat(DigestVerifier.verify(c, "INVITE", RURI, DigestVerifier.ha1(DigestAlgorithm.MD5, "key1", REALM, "s3cret")))
        .isEqualTo(WRONG_CREDENTIALS);
  }

  @Test
  void rfc2069AndAuthIntAreRefused() {
    String ha1 = DigestVerifier.ha1(DigestAlgorithm.MD5, "key1", REALM, "s3cret");
    String legacy = DigestAlgorithm.MD5.hex(ha1 + ":nonce1:" + DigestAlgorithm.MD5.hex("INVITE:" + RURI));
    DigestCredentials c = DigestCredentialsParserTest.ok("Digest username=\"key1\", realm=\"" + REALM
        + "\", nonce=\"nonce1\", uri=\"" + RURI + "\", response=\"" + legacy + "\"");
    assertThat(DigestVerifier.verify(c, "INVITE", RURI, ha1)).isEqualTo(UNSUPPORTED_QOP);
    DigestCredentials authInt = DigestCredentialsParserTest.ok("Digest username=\"key1\", realm=\"" + REALM
        + "\", nonce=\"nonce1\", uri=\"" + RURI + "\", response=\"" + legacy + "\", qop=auth-int, nc=00000001, cnonce=c");
    assertThat(DigestVerifier.verify(authInt, "INVITE", RURI, ha1)).isEqualTo(UNSUPPORTED_QOP);
  }
}
