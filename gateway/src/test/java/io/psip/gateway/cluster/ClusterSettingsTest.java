package io.psip.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.psip.gateway.config.ConfigLoader;
import io.psip.gateway.config.GatewayConfig;
import io.psip.gateway.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How cluster.* keys become the Hazelcast configuration a node joins with. */
class ClusterSettingsTest {
  @TempDir
  Path dir;

  private static GatewayConfig clustered(Map<String, String> vars) {
    Map<String, String> env = new HashMap<>(Map.of(
        "PSIP_CLUSTER_ENABLED", "true", "PSIP_DB_URL", "postgresql://psip:psip@db.example.com:5432/psip"));
    env.putAll(vars);
    return new ConfigLoader().load(null, env, Map.of());
  }

  @Test
  void theBundledFileWithPsipsKeysOverIt() {
    ClusterSettings s = ClusterSettings.from(clustered(Map.of("PSIP_CLUSTER_PORT", "5801",
        "PSIP_CLUSTER_MEMBERS", "127.0.0.1:5801,127.0.0.1:5802", "PSIP_CLUSTER_BUS_PORT", "5901")));
    Config hz = s.hazelcast();
    assertThat(hz.getClusterName()).isEqualTo("psip");
    assertThat(hz.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(hz.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(hz.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(hz.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    JoinConfig join = hz.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).as("never multicast").isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5801", "127.0.0.1:5802");
    assertThat(hz.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
    assertThat(hz.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(hz.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(hz.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("10");
    // the event bus listens where Hazelcast does
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.busPort()).isEqualTo(5901);
  }

  @Test
  void withoutMembersTheBundledJoinFormsANewCluster() {
    Config hz = ClusterSettings.from(clustered(Map.of())).hazelcast();
    JoinConfig join = hz.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).isEmpty();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(hz.getNetworkConfig().getPort()).isEqualTo(5701);
  }

  @Test
  void aHostNameIsResolvedOnceToTheAddressHazelcastBinds() {
    ClusterSettings s = ClusterSettings.from(clustered(Map.of("PSIP_CLUSTER_HOST", "localhost")));
    assertThat(s.host()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(s.hazelcast().getNetworkConfig().getInterfaces().getInterfaces()).containsExactly(s.host());
  }

  @Test
  void anOwnFileKeepsItsSettingsButMembersReplaceItsJoin() throws IOException {
    Path file = dir.resolve("cluster.xml");
    Files.writeString(file, """
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <cluster-name>acme-voice</cluster-name>
          <properties><property name="hazelcast.max.no.heartbeat.seconds">30</property></properties>
          <network><join><multicast enabled="true"/></join></network>
        </hazelcast>""");
    Config withMembers = ClusterSettings.from(clustered(Map.of("PSIP_CLUSTER_CONFIG", file.toString(),
        "PSIP_CLUSTER_MEMBERS", "10.0.0.1:5701"))).hazelcast();
    assertThat(withMembers.getClusterName()).isEqualTo("acme-voice");
    assertThat(withMembers.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("30");
    assertThat(withMembers.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(withMembers.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5701");

    // cluster.members empty: the file decides how to join (say multicast, or a discovery plugin)
    Config ownJoin = ClusterSettings.from(clustered(Map.of("PSIP_CLUSTER_CONFIG", file.toString()))).hazelcast();
    assertThat(ownJoin.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isTrue();
    assertThat(ownJoin.getNetworkConfig().getPort()).as("the port is always cluster.port").isEqualTo(5701);
  }

  @Test
  void aMissingOrInvalidFileIsAConfigurationErrorNamingTheKey() throws IOException {
    Path missing = dir.resolve("nope.xml");
    assertThatThrownBy(() -> ClusterSettings.from(clustered(Map.of("PSIP_CLUSTER_CONFIG", missing.toString()))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("cluster.config: " + missing + ": no such file");

    Path bad = dir.resolve("bad.xml");
    Files.writeString(bad, "<hazelcast><no-such-element/></hazelcast>");
    assertThatThrownBy(() -> ClusterSettings.from(clustered(Map.of("PSIP_CLUSTER_CONFIG", bad.toString()))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("cluster.config: " + bad + ": not a Hazelcast configuration (")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
