package io.psip.gateway.api;

import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** HAL links: {@code {"href": "/v1/psip/acme"}}, paths relative to the API's root. */
final class Links {
  private Links() {}

  static JsonObject href(String path) { return new JsonObject().put("href", path); }

  /** {@code _links.self} of a resource. */
  static JsonObject self(String path) { return new JsonObject().put("self", href(path)); }

  /** One path segment, percent-encoded (user keys may hold '+' and '~'). */
  static String segment(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }
}
