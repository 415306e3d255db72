package io.psip.webhook.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Webhook fields as a query string: UTF-8, every byte outside RFC 3986's unreserved set percent-encoded (so a
 * header value's commas, spaces, {@code &} and {@code +} arrive as sent). Objects and arrays go as JSON text.
 */
final class QueryString {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private QueryString() {}

  static String encode(JsonObject params) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Object> e : params) {
      Object v = e.getValue();
      if (v == null) continue;
      String text = v instanceof JsonObject o ? o.encode() : v instanceof JsonArray a ? a.encode() : v.toString();
      if (b.length() > 0) b.append('&');
      escape(e.getKey(), b);
      b.append('=');
      escape(text, b);
    }
    return b.toString();
  }

  static void escape(String s, StringBuilder out) {
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }
}
