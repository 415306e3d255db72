package io.psip.gateway.config;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * One configuration key: its dotted name ({@code sip.tcp_idle_timeout_s}), its type, the rule its value obeys, and
 * the requirement sentence shown when it does not. Defaults are not here: they come from {@code conf/psip.json}.
 *
 * @param secret never echo the value in messages
 */
public record ConfigKey<T>(String name, ValueType<T> type, Predicate<T> rule, String requirement, boolean secret) {

  /** {@code sip.tcp_idle_timeout_s} → {@code PSIP_SIP_TCP_IDLE_TIMEOUT_S}. */
  public String envVar() { return "PSIP_" + name.replace('.', '_').toUpperCase(Locale.ROOT); }

  /** The top-level JSON object the key lives in ({@code sip}). */
  public String section() { return name.substring(0, name.indexOf('.')); }

  /** The name within its section ({@code tcp_idle_timeout_s}). */
  public String leaf() { return name.substring(name.indexOf('.') + 1); }

  /** The typed value of this key in a validated configuration tree (or a verticle's part of it). */
  public T get(JsonObject tree) {
    JsonObject section = tree.getJsonObject(section());
    T value = section == null ? null : type.convert(section.getValue(leaf()));
    if (value == null) throw new IllegalStateException("configuration has no valid " + name);
    return value;
  }

  /** The typed value of {@code raw}, or {@code null} when it is of the wrong type or breaks the rule. */
  T accept(Object raw) {
    T value = raw == null ? null : type.convert(raw);
    return value != null && rule.test(value) ? value : null;
  }

  @Override
  public String toString() { return name; }
}
