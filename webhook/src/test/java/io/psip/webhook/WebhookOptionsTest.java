package io.psip.webhook;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookOptionsTest {
  private static WebhookOptions read(JsonObject section) {
    return WebhookOptions.fromJson(new JsonObject().put("webhook", section));
  }

  @Test
  void defaults() {
    WebhookOptions o = WebhookOptions.fromJson(new JsonObject());
    assertThat(o.deny()).isEqualTo(WebhookOptions.DEFAULT_DENY);
    assertThat(o.maxAnswerBytes()).isEqualTo(1024 * 1024);
    assertThat(o.maxPoolSize()).isEqualTo(32);
    assertThat(o.userAgent()).isEqualTo("psip/dev");
    assertThat(o.denyMatcher().matches("169.254.169.254")).isTrue();
    assertThat(o.denyMatcher().matches("fd00:ec2::254")).isTrue();
    assertThat(o.denyMatcher().matches("::ffff:169.254.169.254")).isTrue();
    assertThat(o.denyMatcher().matches("127.0.0.1")).isFalse();
    assertThat(o.denyMatcher().matches("10.0.0.1")).isFalse();
  }

  @Test
  void readsTheWebhookSectionIgnoringKeysThatAreNotItsOwn() {
    WebhookOptions o = read(new JsonObject().put("deny", " 10.0.0.0/8, 192.0.2.7 ,").put("max_answer_bytes", 4096)
        .put("max_pool_size", 4).put("user_agent", "psip/1.2.3").put("answer_budget_ms", 15000));
    assertThat(o.deny()).containsExactly("10.0.0.0/8", "192.0.2.7");
    assertThat(o.denyMatcher().matches("192.0.2.7")).isTrue();
    assertThat(o.maxAnswerBytes()).isEqualTo(4096);
    assertThat(o.maxPoolSize()).isEqualTo(4);
    assertThat(o.userAgent()).isEqualTo("psip/1.2.3");

    assertThat(read(new JsonObject().put("deny", new JsonArray().add("fe80::/10"))).deny()).containsExactly("fe80::/10");
    assertThat(read(new JsonObject().put("deny", "")).denyMatcher().isEmpty()).isTrue();
  }

  @Test
  void errorsNameTheKey() {
    assertThatThrownBy(() -> read(new JsonObject().put("deny", "10.0.0.1/8")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("webhook.deny entry '10.0.0.1/8' has host bits set");
    assertThatThrownBy(() -> read(new JsonObject().put("deny", 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("webhook.deny ");
    assertThatThrownBy(() -> read(new JsonObject().put("max_answer_bytes", 10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("webhook.max_answer_bytes ");
    assertThatThrownBy(() -> read(new JsonObject().put("max_pool_size", "many")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("webhook.max_pool_size must be an integer");
    assertThatThrownBy(() -> read(new JsonObject().put("max_pool_size", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("webhook.max_pool_size ");
    assertThatThrownBy(() -> read(new JsonObject().put("user_agent", "psip\r\nX-Evil: 1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("webhook.user_agent ");
  }
}
