package io.psip.gateway.config;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A validated configuration: every key present, typed and within its rule. Read it with
 * {@code config.get(ConfigKeys.SIP_PORT)}; hand a verticle its part with {@link #sections}.
 */
public final class GatewayConfig {
  private final JsonObject tree;
  private final List<String> warnings;

  GatewayConfig(JsonObject tree, List<String> warnings) {
    this.tree = tree;
    this.warnings = List.copyOf(warnings);
  }

  public <T> T get(ConfigKey<T> key) { return key.get(tree); }

  /**
   * A copy of the named top-level sections, e.g. {@code {"sip": {...}}}: a verticle's deployment config, from which
   * it reads typed values with {@link ConfigKey#get}.
   */
  public JsonObject sections(String... names) {
    JsonObject part = new JsonObject();
    for (String name : names) part.put(name, tree.getJsonObject(name).copy());
    return part;
  }

  /** Non-fatal remarks from loading (for example an unknown {@code PSIP_*} variable), to be logged at start. */
  public List<String> warnings() { return warnings; }

  /** The whole tree; secrets included, so never log it. */
  public JsonObject toJson() { return tree.copy(); }
}
