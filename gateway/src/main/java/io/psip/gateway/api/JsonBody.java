package io.psip.gateway.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** A request body that must be one JSON object, sent as {@code application/json} (UTF-8, as RFC 8259 requires). */
final class JsonBody {
  private JsonBody() {}

  static JsonObject object(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) throw ApiProblem.badRequest("the request body must be a JSON object");
    checkMediaType(ctx.request().getHeader("Content-Type"));
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ApiProblem.badRequest("the request body is not valid JSON" + where(e));
    }
    if (value instanceof JsonObject o) return o;
    String what = value instanceof JsonArray ? "an array" : value == null ? "null" : "a " + kind(value);
    throw ApiProblem.badRequest("the request body must be a JSON object, not " + what);
  }

  /** {@code application/json}, with at most a {@code charset=utf-8} parameter (any case, quoted or not). */
  static void checkMediaType(String contentType) {
    String expected = "send the body as Content-Type: application/json";
    if (contentType == null) throw ApiProblem.unsupportedMediaType("no Content-Type: " + expected);
    String[] parts = contentType.split(";");
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
      throw ApiProblem.unsupportedMediaType("Content-Type " + abbreviate(parts[0].trim()) + " is not JSON: " + expected);
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
        String charset = kv[1].trim().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          throw ApiProblem.unsupportedMediaType("JSON must be UTF-8, not " + abbreviate(charset));
        }
      }
    }
  }

  /** Jackson's reason and position, without its source excerpt (which could echo a secret from the body). */
  private static String where(DecodeException e) {
    if (e.getCause() instanceof JsonProcessingException j) {
      JsonLocation at = j.getLocation();
      String reason = j.getOriginalMessage();
      int newline = reason.indexOf('\n');
      if (newline >= 0) reason = reason.substring(0, newline);
      return ": " + abbreviate(reason) + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }
    return "";
  }

  private static String kind(Object value) {
    if (value instanceof String) return "string";
    if (value instanceof Number) return "number";
    if (value instanceof Boolean) return "boolean";
    return "value";
  }

  private static String abbreviate(String s) { return s.length() <= 80 ? s : s.substring(0, 77) + "..."; }
}
