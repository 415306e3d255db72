package io.psip.gateway.config;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a raw value becomes a typed one. Raw values come from JSON (numbers, booleans, strings, arrays) or from
 * environment variables (always strings), so every type also accepts its string spelling.
 */
public interface ValueType<T> {
  /** The typed value, or {@code null} when {@code raw} cannot be read as this type. */
  T convert(Object raw);

  /** The JSON form stored in the validated configuration (what verticles receive). */
  default Object toJson(T value) { return value; }

  ValueType<String> STRING = raw -> raw instanceof String s ? s : null;

  ValueType<Integer> INT = raw -> {
    if (raw instanceof Integer i) return i;
    if (raw instanceof Long l && l == l.intValue()) return l.intValue();
    if (raw instanceof String s && s.trim().matches("[+-]?\\d{1,10}")) {
      long v = Long.parseLong(s.trim());
      return v == (int) v ? (int) v : null;
    }
    return null; // fractions, overflow, booleans, objects
  };

  ValueType<Boolean> BOOL = raw -> {
    if (raw instanceof Boolean b) return b;
    if (raw instanceof String s) {
      return switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> null;
      };
    }
    return null;
  };

  /** A comma-separated string ({@code "us,eu"}, the only form an environment variable has) or a JSON array of strings. */
  ValueType<List<String>> LIST = new ValueType<>() {
    @Override
    public List<String> convert(Object raw) {
      List<String> items = new ArrayList<>();
      if (raw instanceof String s) {
        for (String part : s.split(",")) items.add(part.trim());
      } else if (raw instanceof JsonArray a) {
        for (Object o : a) {
          if (!(o instanceof String s)) return null;
          items.add(s.trim());
        }
      } else {
        return null;
      }
      items.removeIf(String::isEmpty); // "" is the empty list; a trailing comma is forgiven
      return List.copyOf(items);
    }

    @Override
    public Object toJson(List<String> value) { return new JsonArray(value); }
  };
}
