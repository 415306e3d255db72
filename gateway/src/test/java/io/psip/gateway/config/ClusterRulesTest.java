package io.psip.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules a clustered node's configuration obeys beyond each key's own. */
class ClusterRulesTest {
  private static final String DB = "postgresql://psip:secret@db.example.com:5432/psip";
  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void aClusteredNodeWithoutDbUrlIsRefused() {
    String message = "cluster.enabled: needs db.url: the nodes of a cluster share one PostgreSQL server, and the "
        + "embedded one belongs to a single node";
    assertThatThrownBy(() -> loader.load(null, Map.of("PSIP_CLUSTER_ENABLED", "true"), Map.of()))
        .isInstanceOf(InvalidConfigException.class).hasMessage(message);
    assertThatThrownBy(() -> loader.load(null, Map.of(), Map.of("cluster.enabled", true)))
        .isInstanceOf(InvalidConfigException.class).hasMessage(message);
  }

  @Test
  void aClusteredNodeWithDbUrlAndAStandaloneOneWithoutAreFine() {
    assertThat(loader.load(null, Map.of("PSIP_DB_URL", DB), Map.of("cluster.enabled", true)).get(ConfigKeys.CLUSTER_ENABLED))
        .isTrue();
    assertThat(loader.load(null, Map.of(), Map.of()).get(ConfigKeys.DB_URL)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "0:0:0:0:0:0:0:0"})
  void aClusteredNodeNeedsAnAddressOfItsOwn(String wildcard) {
    Map<String, String> env = Map.of("PSIP_DB_URL", DB, "PSIP_CLUSTER_HOST", wildcard);
    assertThatThrownBy(() -> loader.load(null, env, Map.of("cluster.enabled", true)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("cluster.host: must be this node's own address when clustered, not a wildcard (got \"" + wildcard + "\")");
    // standalone, cluster.host is not used
    assertThat(loader.load(null, env, Map.of()).get(ConfigKeys.CLUSTER_HOST)).isEqualTo(wildcard);
  }

  @Test
  void membersAreHostPortPairsWithIpv6InBrackets() {
    GatewayConfig c = loader.load(null, Map.of("PSIP_DB_URL", DB,
        "PSIP_CLUSTER_MEMBERS", "10.0.0.1:5701, psip-2.example.com:5702 ,[2001:db8::7]:5701,"), Map.of("cluster.enabled", true));
    assertThat(c.get(ConfigKeys.CLUSTER_MEMBERS))
        .containsExactly("10.0.0.1:5701", "psip-2.example.com:5702", "[2001:db8::7]:5701");
  }
}
