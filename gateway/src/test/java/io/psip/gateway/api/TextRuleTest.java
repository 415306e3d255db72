package io.psip.gateway.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextRuleTest {
  @ParameterizedTest
  @ValueSource(strings = {"acme1", "my-domain", "a2345678901234567890123456789012", "0abc9", "a---b"})
  void domainNamesAccepted(String name) { assertThat(TextRule.DOMAIN_NAME.check(name)).isNull(); }

  @ParameterizedTest
  @ValueSource(strings = {"acme", "a23456789012345678901234567890123", "-acme", "acme-", "Acme1", "my.domain",
      "my_domain", "acme\n", "ac me", "ａcme1", ""})
  void domainNamesRefused(String name) {
    assertThat(TextRule.DOMAIN_NAME.check(name))
        .isEqualTo("must be 5 to 32 characters of a-z, 0-9 and '-', starting and ending with a letter or digit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "A", "bob.smith", "ext_100", "~x+y-z", "1234567890123456789012345678901234567890123456789012345678901234"})
  void userKeysAccepted(String key) { assertThat(TextRule.USER_KEY.check(key)).isNull(); }

  @ParameterizedTest
  @ValueSource(strings = {"", "al ice", "alice@example.com", "a:b", "\"x\"", "é",
      "12345678901234567890123456789012345678901234567890123456789012345"})
  void userKeysRefused(String key) { assertThat(TextRule.USER_KEY.check(key)).isNotNull(); }

  @ParameterizedTest
  @ValueSource(strings = {"12345678", "p@ss:w0rd!\"#$%&'()*+,-./;<=>?[\\]^_`{|}~"})
  void secretsAccepted(String secret) { assertThat(TextRule.USER_SECRET.check(secret)).isNull(); }

  @ParameterizedTest
  @ValueSource(strings = {"1234567", "with space", "tab\there1", "naïve-password", "line\nbreak1"})
  void secretsRefused(String secret) {
    assertThat(TextRule.USER_SECRET.check(secret)).isEqualTo("must be 8 to 128 visible ASCII characters (no spaces)");
    assertThat(TextRule.USER_SECRET.check("x".repeat(129))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1234567", "14155550100", "+14155550100", "447700900123", "123456789012345"})
  void numbersAccepted(String msisdn) { assertThat(TextRule.MSISDN.check(msisdn)).isNull(); }

  @ParameterizedTest
  @ValueSource(strings = {"123456", "1234567890123456", "04155550100", "++14155550100", "1415555010a", "1 415 555 0100",
      "+", "", "١٤١٥٥٥٥٠١٠٠"})
  void numbersRefused(String msisdn) {
    assertThat(TextRule.MSISDN.check(msisdn)).isEqualTo("must be an E.164 number: 7 to 15 digits, not starting with 0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/answer", "http://10.0.0.1:8080/a?b=c", "HTTPS://Example.COM",
      "http://[2001:db8::1]/x", "https://user:pw@example.com/hook"})
  void webhookUrlsAccepted(String url) { assertThat(TextRule.WEBHOOK_URL.check(url)).isNull(); }

  @ParameterizedTest
  @ValueSource(strings = {"example.com/answer", "/answer", "ftp://example.com/x", "https://", "https:///path",
      "mailto:a@example.com", "http://exa mple.com", "javascript:alert(1)", "https://under_score.example.com/"})
  void webhookUrlsRefused(String url) {
    assertThat(TextRule.WEBHOOK_URL.check(url)).isEqualTo("must be an absolute http or https URL with a host");
  }

  @ParameterizedTest
  @ValueSource(strings = {"c49f3586-9b3b-458b-89fc-3c8beb58865c", "C49F3586-9B3B-458B-89FC-3C8BEB58865C"})
  void uuidsAccepted(String id) { assertThat(TextRule.UUID.check(id)).isNull(); }

  @ParameterizedTest
  @ValueSource(strings = {"1-1-1-1-1", "c49f35869b3b458b89fc3c8beb58865c", "{c49f3586-9b3b-458b-89fc-3c8beb58865c}"})
  void uuidsRefused(String id) { assertThat(TextRule.UUID.check(id)).isEqualTo("must be a UUID"); }
}
