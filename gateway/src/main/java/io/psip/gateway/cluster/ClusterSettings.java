package io.psip.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.psip.gateway.config.GatewayConfig;
import io.psip.gateway.config.InvalidConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static io.psip.gateway.config.ConfigKeys.CLUSTER_BUS_PORT;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_CONFIG;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_HOST;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_MEMBERS;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_PORT;

/**
 * How a clustered node joins: the Hazelcast configuration (the {@code cluster.config} file, or the bundled
 * {@code conf/cluster.xml}) with psip's own keys applied over it, and where the clustered event bus listens.
 *
 * @param hazelcast the Hazelcast member configuration
 * @param host      this node's cluster address (an IP literal: {@code cluster.host}, resolved once): Hazelcast binds
 *                  and advertises it, and the event bus listens on it
 * @param busPort   the event bus's TCP port ({@code cluster.bus_port}; 0 = any free one)
 */
public record ClusterSettings(Config hazelcast, String host, int busPort) {
  /** The Hazelcast configuration packed into the jar. */
  public static final String BUNDLED = "conf/cluster.xml";

  /**
   * Reads the Hazelcast file and applies {@code cluster.port}, {@code cluster.host} and (when not empty)
   * {@code cluster.members}. Blocking (a file, and a DNS lookup when {@code cluster.host} is a name): call it before
   * Vert.x starts, never on an event loop.
   *
   * @throws InvalidConfigException naming {@code cluster.config} or {@code cluster.host} when either is unusable
   */
  public static ClusterSettings from(GatewayConfig config) {
    String file = config.get(CLUSTER_CONFIG);
    Config hz = file.isEmpty() ? bundled() : fromFile(Path.of(file));
    String host = resolve(config.get(CLUSTER_HOST));
    apply(hz, host, config.get(CLUSTER_PORT), config.get(CLUSTER_MEMBERS));
    return new ClusterSettings(hz, host, config.get(CLUSTER_BUS_PORT));
  }

  /** psip's keys over whatever the file says. */
  static void apply(Config hz, String host, int port, List<String> members) {
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    // bind the cluster address only, not every interface of the machine
    hz.setProperty("hazelcast.socket.bind.any", "false");
    // psip leaves the cluster itself, after draining its calls; Hazelcast's own hook would leave at once
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    if (!members.isEmpty()) {
      JoinConfig join = network.getJoin();
      join.getAutoDetectionConfig().setEnabled(false);
      join.getMulticastConfig().setEnabled(false);
      join.getAwsConfig().setEnabled(false);
      join.getGcpConfig().setEnabled(false);
      join.getAzureConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(false);
      join.getEurekaConfig().setEnabled(false);
      join.getDiscoveryConfig().getDiscoveryStrategyConfigs().clear();
      join.getTcpIpConfig().setEnabled(true).setMembers(members);
    }
  }

  private static Config bundled() {
    try (InputStream in = ClusterSettings.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) throw new IllegalStateException(BUNDLED + " is missing from the classpath (a build problem)");
      return Config.loadFromStream(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + BUNDLED, e);
    }
  }

  private static Config fromFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Config.loadFromStream(in);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(CLUSTER_CONFIG.name(), file + ": no such file");
    } catch (IOException e) {
      throw new InvalidConfigException(CLUSTER_CONFIG.name(), file + ": cannot read it (" + e.getMessage() + ")");
    } catch (RuntimeException e) { // Hazelcast's InvalidConfigurationException and parser failures
      throw new InvalidConfigException(CLUSTER_CONFIG.name(),
          file + ": not a Hazelcast configuration (" + firstLine(e.getMessage()) + ")");
    }
  }

  /** An IP literal as it is; a host name looked up once, since Hazelcast binds an interface by address. */
  private static String resolve(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new InvalidConfigException(CLUSTER_HOST.name(), "cannot resolve " + host + " to an address of this node");
    }
  }

  private static String firstLine(String s) {
    if (s == null || s.isBlank()) return "unreadable";
    String line = s.strip();
    int nl = line.indexOf('\n');
    line = nl < 0 ? line : line.substring(0, nl);
    return line.length() <= 160 ? line : line.substring(0, 157) + "...";
  }
}
