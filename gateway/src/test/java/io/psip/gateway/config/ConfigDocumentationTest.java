package io.psip.gateway.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The key table, conf/psip.json and the README's configuration table describe the same keys. */
class ConfigDocumentationTest {
  @Test
  void confPsipJsonHoldsExactlyTheKnownKeys() throws IOException {
    JsonObject conf = new JsonObject(Files.readString(Path.of("../conf/psip.json")));
    List<String> names = new ArrayList<>();
    leaves("", conf, names);
    assertThat(names).containsExactlyInAnyOrderElementsOf(ConfigLoaderTest.keyNames());
  }

  @Test
  void theReadmeDocumentsEveryKeyWithItsVariableAndDefault() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    GatewayConfig defaults = new ConfigLoader().load(null, Map.of(), Map.of());
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      String row = readme.stream().filter(l -> l.startsWith("| `" + key.name() + "` ")).findFirst().orElse(null);
      assertThat(row).as("README row for %s", key.name()).isNotNull();
      assertThat(row).as("README row for %s", key.name()).contains("`" + key.envVar() + "`");
      Object value = defaults.get(key);
      String shown = value instanceof List<?> l ? String.join(",", l.stream().map(Object::toString).toList()) : value.toString();
      if (!shown.isEmpty()) assertThat(row).as("README default of %s", key.name()).contains("`" + shown + "`");
    }
  }

  /** Key names of a nested file: {@code {"auth": {"ban": {"failures": 10}}}} holds {@code auth.ban.failures}. */
  private static void leaves(String prefix, JsonObject json, List<String> out) {
    for (Map.Entry<String, Object> e : json) {
      String name = prefix.isEmpty() ? e.getKey() : prefix + '.' + e.getKey();
      if (e.getValue() instanceof JsonObject nested) leaves(name, nested, out);
      else out.add(name);
    }
  }
}
