package io.psip.webhook.impl;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookUrlTest {
  @Test
  void queryIsAppendedToWhateverTheUrlHas() {
    assertThat(WebhookUrl.parse("http://h/a").requestUri("x=1")).isEqualTo("/a?x=1");
    assertThat(WebhookUrl.parse("http://h/a?t=2").requestUri("x=1")).isEqualTo("/a?t=2&x=1");
    assertThat(WebhookUrl.parse("http://h/a?t=2&").requestUri("x=1")).isEqualTo("/a?t=2&x=1");
    assertThat(WebhookUrl.parse("http://h/a?").requestUri("x=1")).isEqualTo("/a?x=1");
    assertThat(WebhookUrl.parse("http://h").requestUri("x=1")).isEqualTo("/?x=1");
    assertThat(WebhookUrl.parse("http://h/a?t=%20#frag").requestUri("")).isEqualTo("/a?t=%20");
  }

  @Test
  void hostPortAndScheme() {
    WebhookUrl u = WebhookUrl.parse("HTTPS://[::1]/x");
    assertThat(u.ssl()).isTrue();
    assertThat(u.host()).isEqualTo("::1");
    assertThat(u.port()).isEqualTo(443);
    assertThat(WebhookUrl.parse("http://example.com:8080/x").port()).isEqualTo(8080);
    assertThat(WebhookUrl.redact("https://app.example.com/answer?token=secret")).isEqualTo("https://app.example.com:443/answer");
  }

  @Test
  void refused() {
    assertThatThrownBy(() -> WebhookUrl.parse("file:///etc/passwd")).hasMessage("scheme 'file' is not allowed (only http and https)");
    assertThatThrownBy(() -> WebhookUrl.parse("/relative")).hasMessage("scheme '' is not allowed (only http and https)");
    assertThatThrownBy(() -> WebhookUrl.parse("http://exa mple.com/")).hasMessage("not a valid URL");
    assertThatThrownBy(() -> WebhookUrl.parse("http:///path")).hasMessage("no host in the URL");
  }

  @Test
  void queryEncodingKeepsOnlyUnreservedCharacters() {
    JsonObject p = new JsonObject().put("SipHeader_X-Foo", "a, b+c&d=é~").put("n", 1).put("b", true);
    assertThat(QueryString.encode(p)).isEqualTo("SipHeader_X-Foo=a%2C%20b%2Bc%26d%3D%C3%A9~&n=1&b=true");
  }
}
