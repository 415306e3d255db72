package io.psip.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Typed reads of one JSON object of a request body, each recording what is wrong in a shared {@link Violations}
 * under the field's full dotted path ({@code capabilities.voice.webhooks.answer_url.address}) and returning
 * {@code null} (or the default) so that validation goes on and finds every bad field. Unknown fields are ignored;
 * a JSON {@code null} counts as absent.
 */
public final class Fields {
  private final JsonObject json;
  private final String prefix;
  private final Violations violations;

  private Fields(JsonObject json, String prefix, Violations violations) {
    this.json = json;
    this.prefix = prefix;
    this.violations = violations;
  }

  /** The top level of a request body. */
  public static Fields of(JsonObject body, Violations violations) { return new Fields(body, "", violations); }

  /** The full name of a field of this object, as {@code invalid_parameters} shows it. */
  public String path(String name) { return prefix.isEmpty() ? name : prefix + '.' + name; }

  public void invalid(String name, String reason) { violations.add(path(name), reason); }

  /** True when the field is there and not {@code null}. */
  public boolean has(String name) { return json.getValue(name) != null; }

  /** True when the field is there at all, even as {@code null} ("unset this"). */
  public boolean mentions(String name) { return json.containsKey(name); }

  /** A string obeying {@code rule}; {@code null} when absent (a violation if required) or invalid. */
  public String text(String name, TextRule rule, boolean required) {
    Object v = json.getValue(name);
    if (v == null) {
      if (required) invalid(name, "is required");
      return null;
    }
    if (!(v instanceof String s)) {
      invalid(name, "must be a string");
      return null;
    }
    String reason = rule.check(s);
    if (reason != null) {
      invalid(name, reason);
      return null;
    }
    return s;
  }

  /** An integer in {@code [min, max]}, or {@code dflt} when absent. */
  public Integer integer(String name, int min, int max, int dflt) {
    Object v = json.getValue(name);
    if (v == null) return dflt;
    String reason = "must be an integer from " + min + " to " + max;
    if (!(v instanceof Number n)) {
      invalid(name, reason);
      return null;
    }
    BigDecimal d = new BigDecimal(n.toString());
    if (d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(min)) < 0
        || d.compareTo(BigDecimal.valueOf(max)) > 0) {
      invalid(name, reason);
      return null;
    }
    return d.intValueExact();
  }

  /** A boolean; the strings {@code "true"} and {@code "false"} (any case) count too, as Vonage's gateway accepts them. */
  public Boolean bool(String name, boolean dflt) {
    Object v = json.getValue(name);
    if (v == null) return dflt;
    if (v instanceof Boolean b) return b;
    if (v instanceof String s) {
      String lower = s.toLowerCase(Locale.ROOT);
      if (lower.equals("true")) return true;
      if (lower.equals("false")) return false;
    }
    invalid(name, "must be true or false");
    return null;
  }

  /** One of {@code allowed} (exact spelling), or {@code dflt} when absent. */
  public String choice(String name, List<String> allowed, String dflt) {
    Object v = json.getValue(name);
    if (v == null) return dflt;
    if (v instanceof String s && allowed.contains(s)) return s;
    invalid(name, "must be one of: " + String.join(", ", allowed));
    return null;
  }

  /** A UUID in its canonical 8-4-4-4-12 spelling, any case. */
  public UUID uuid(String name, boolean required) {
    return text(name, TextRule.UUID, required) == null ? null : UUID.fromString(json.getString(name));
  }

  /** An array, or {@code null} when absent or not an array (then a violation). */
  public JsonArray array(String name) {
    Object v = json.getValue(name);
    if (v == null) return null;
    if (v instanceof JsonArray a) return a;
    invalid(name, "must be an array");
    return null;
  }

  /** A nested object; {@code null} when absent (a violation if required) or not an object. */
  public Fields object(String name, boolean required) {
    Object v = json.getValue(name);
    if (v == null) {
      if (required) invalid(name, "is required");
      return null;
    }
    if (v instanceof JsonObject o) return new Fields(o, path(name), violations);
    invalid(name, "must be an object");
    return null;
  }
}
