package io.psip.gateway.api;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code capabilities.voice} of an application, validated and with Vonage's defaults filled in (vonage-psip.md §6):
 * this normalised object is what is stored and shown. {@code connection_timeout} is accepted as another spelling of
 * {@code connect_timeout}; {@code answer_url} is required once there is a voice capability.
 */
final class VoiceCapability {
  private VoiceCapability() {}

  /** Ranges and defaults of one kind of webhook. */
  private record Kind(String name, boolean required, String defaultMethod, int socketMax) {}

  private static final List<Kind> WEBHOOKS = List.of(
      new Kind("answer_url", true, "GET", 5000),
      new Kind("fallback_answer_url", false, "GET", 5000),
      new Kind("event_url", false, "POST", 10000));
  static final int CONNECT_MIN = 300;
  static final int CONNECT_MAX = 1000;
  static final int SOCKET_MIN = 1000;

  /** The normalised voice object from a request body's {@code capabilities}, or {@code {}} when there is none. */
  static JsonObject parse(Fields body) {
    Fields capabilities = body.object("capabilities", false);
    Fields voice = capabilities == null ? null : capabilities.object("voice", false);
    if (voice == null) return new JsonObject();
    JsonObject webhooks = new JsonObject();
    Fields hooks = voice.object("webhooks", false);
    if (hooks == null && !voice.has("webhooks")) voice.invalid("webhooks.answer_url", "is required");
    if (hooks != null) {
      for (Kind kind : WEBHOOKS) {
        JsonObject hook = webhook(hooks, kind);
        if (hook != null) webhooks.put(kind.name, hook);
      }
    }
    Boolean signed = voice.bool("signed_callbacks", true);
    return new JsonObject().put("webhooks", webhooks).put("signed_callbacks", signed);
  }

  private static JsonObject webhook(Fields hooks, Kind kind) {
    Fields w = hooks.object(kind.name, kind.required);
    if (w == null) return null;
    String address = w.text("address", TextRule.WEBHOOK_URL, true);
    String method = w.choice("http_method", List.of("GET", "POST"), kind.defaultMethod);
    Integer connect = connectTimeout(w);
    Integer socket = w.integer("socket_timeout", SOCKET_MIN, kind.socketMax, kind.socketMax);
    return new JsonObject()
        .put("address", address)
        .put("http_method", method)
        .put("connect_timeout", connect)
        .put("socket_timeout", socket);
  }

  private static Integer connectTimeout(Fields w) {
    Integer connect = w.integer("connect_timeout", CONNECT_MIN, CONNECT_MAX, CONNECT_MAX);
    if (!w.has("connection_timeout")) return connect;
    Integer alias = w.integer("connection_timeout", CONNECT_MIN, CONNECT_MAX, CONNECT_MAX);
    if (alias == null || !w.has("connect_timeout")) return alias;
    if (connect != null && !connect.equals(alias)) {
      w.invalid("connection_timeout", "is another name for connect_timeout and must not differ from it");
      return null;
    }
    return connect;
  }
}
