package io.psip.gateway.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the configuration in layers, later wins: the bundled {@code conf/psip.json}, the {@code --conf} file,
 * {@code PSIP_*} environment variables, then command-line flags. Every value is then converted to its key's type and
 * checked against its rule; the first failure is thrown as one line naming the key, the problem and where the
 * value came from.
 */
public final class ConfigLoader {
  public static final String DEFAULTS_RESOURCE = "conf/psip.json";

  private record Raw(Object value, String source) {}

  private final JsonObject defaults;

  /** A loader over the defaults bundled in the jar. */
  public ConfigLoader() { this(bundledDefaults()); }

  public ConfigLoader(JsonObject defaults) { this.defaults = defaults; }

  /**
   * @param confFile  the {@code --conf} file, or {@code null}
   * @param env       the environment (injectable so tests never touch the process's)
   * @param overrides values from command-line flags, by key name
   */
  public GatewayConfig load(Path confFile, Map<String, String> env, Map<String, Object> overrides) {
    Map<String, Raw> raw = new LinkedHashMap<>();
    layer(raw, defaults, DEFAULTS_RESOURCE);
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      if (!raw.containsKey(key.name())) {
        throw new InvalidConfigException(key.name(), "has no default in " + DEFAULTS_RESOURCE + " (a build problem)");
      }
    }
    if (confFile != null) layer(raw, readFile(confFile), confFile.toString());
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      String value = env.get(key.envVar());
      if (value != null) raw.put(key.name(), new Raw(value, key.envVar()));
    }
    overrides.forEach((name, value) -> {
      if (ConfigKeys.byName(name) == null) throw new IllegalArgumentException("no configuration key " + name);
      raw.put(name, new Raw(value, "the command line"));
    });

    JsonObject tree = new JsonObject();
    for (ConfigKey<?> key : ConfigKeys.ALL) put(tree, key, raw.get(key.name()));
    GatewayConfig config = new GatewayConfig(tree, unknownVariables(env));
    ConfigKeys.checkTogether(config);
    return config;
  }

  private static <T> void put(JsonObject tree, ConfigKey<T> key, Raw raw) {
    T value = key.accept(raw.value());
    if (value == null) {
      String got = key.secret() ? "from " + raw.source() : "got " + render(raw.value()) + " from " + raw.source();
      throw new InvalidConfigException(key.name(), key.requirement() + " (" + got + ")");
    }
    JsonObject section = tree.getJsonObject(key.section());
    if (section == null) tree.put(key.section(), section = new JsonObject());
    section.put(key.leaf(), key.type().toJson(value));
  }

  /** Flattens {@code {"sip": {"port": 5060}}} to {@code sip.port}; every name must be a known key. */
  private static void layer(Map<String, Raw> raw, JsonObject json, String source) {
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", json, flat);
    flat.forEach((name, value) -> {
      if (ConfigKeys.byName(name) == null) throw unknownKey(name, source);
      raw.put(name, new Raw(value, source));
    });
  }

  private static void flatten(String prefix, JsonObject json, Map<String, Object> out) {
    for (Map.Entry<String, Object> e : json) {
      String name = prefix.isEmpty() ? e.getKey() : prefix + '.' + e.getKey();
      if (e.getValue() instanceof JsonObject nested) flatten(name, nested, out);
      else out.put(name, e.getValue());
    }
  }

  private static InvalidConfigException unknownKey(String name, String source) {
    boolean isSection = ConfigKeys.ALL.stream().anyMatch(k -> k.section().equals(name));
    if (isSection) return new InvalidConfigException(name, "must be a JSON object of " + name + ".* keys (in " + source + ")");
    String hint = KeyNames.closest(name).map(k -> "; did you mean " + k + "?").orElse("");
    return new InvalidConfigException(name, "unknown key in " + source + hint);
  }

  /** PSIP_* variables that match no key: most likely typos, so say so, but do not refuse to start. */
  private static List<String> unknownVariables(Map<String, String> env) {
    List<String> warnings = new ArrayList<>();
    env.keySet().stream().filter(v -> v.startsWith("PSIP_")).sorted().forEach(v -> {
      if (ConfigKeys.ALL.stream().noneMatch(k -> k.envVar().equals(v))) {
        warnings.add("ignoring environment variable " + v + ": it names no configuration key"
            + KeyNames.closestVariable(v).map(k -> "; did you mean " + k + "?").orElse(""));
      }
    });
    return warnings;
  }

  private static JsonObject readFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("--conf", file + ": no such file");
    } catch (IOException e) {
      throw new InvalidConfigException("--conf", file + ": cannot read it (" + e.getMessage() + ")");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidConfigException("--conf", file + ": not a JSON object (" + firstLine(e.getMessage()) + ")");
    }
  }

  static JsonObject bundledDefaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
    }
  }

  private static String render(Object value) {
    String text = Json.encode(value);
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
