package io.psip.authdigest;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link DigestCredentialsParser} (Jazzer). A normal {@code mvn test} runs only the seeds
 * in {@code src/test/resources/io/psip/authdigest/DigestCredentialsFuzzTestInputs/} (regression mode). To fuzz:
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl auth-digest test -Dtest='DigestCredentialsFuzzTest' -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time=600
 * </pre>
 * Invariants: nothing throws; a failure has a non-empty one-line reason; parsed credentials satisfy the record's
 * promises and round-trip ({@code toHeaderValue()} parses to an equal value).
 */
class DigestCredentialsFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(byte[] data) {
    String value = new String(data, StandardCharsets.UTF_8);
    DigestCredentialsParser.Result r = DigestCredentialsParser.parse(value);
    assertThat(r).isNotNull();
    if (r instanceof DigestCredentialsParser.Result.Failure f) {
      assertThat(f.reason()).isNotBlank().doesNotContain("\r").doesNotContain("\n");
      return;
    }
    DigestCredentials c = ((DigestCredentialsParser.Result.Parsed) r).credentials();
    assertThat(c.response()).hasSize(c.algorithm().hexLength()).matches("[0-9a-f]+");
    if (c.qop() != null) {
      assertThat(c.nc()).matches("[0-9a-fA-F]{8}");
      assertThat(c.ncValue()).isBetween(0L, 0xffffffffL);
      assertThat(c.cnonce()).isNotEmpty();
    } else {
      assertThat(c.nc()).isNull();
      assertThat(c.cnonce()).isNull();
    }
    DigestCredentialsParser.Result again = DigestCredentialsParser.parse(c.toHeaderValue());
    assertThat(again).isEqualTo(new DigestCredentialsParser.Result.Parsed(c));
    DigestVerifier.verify(c, "INVITE", c.uri(), null); // must not throw either
  }
}
