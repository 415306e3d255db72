package io.psip.authdigest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChallengeBuilderTest {
  @Test
  void sha256FirstThenMd5() {
    assertThat(ChallengeBuilder.challenges("sip.example.com", "abc", false)).containsExactly(
        "Digest realm=\"sip.example.com\", nonce=\"abc\", qop=\"auth\", algorithm=SHA-256",
        "Digest realm=\"sip.example.com\", nonce=\"abc\", qop=\"auth\", algorithm=MD5");
  }

  @Test
  void staleAndEscaping() {
    assertThat(ChallengeBuilder.challenges("we\"ird", "n", true)).containsExactly(
        "Digest realm=\"we\\\"ird\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256, stale=true",
        "Digest realm=\"we\\\"ird\", nonce=\"n\", qop=\"auth\", algorithm=MD5, stale=true");
  }
}
