package io.psip.gateway.testing;

import io.psip.gateway.config.ConfigLoader;
import io.psip.gateway.config.GatewayConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configurations for in-process nodes: loopback only, ephemeral ports, a temporary data directory. */
public final class TestConfigs {
  private TestConfigs() {}

  public static Map<String, String> loopbackEnv(Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("PSIP_SIP_HOST", "127.0.0.1");
    env.put("PSIP_SIP_PORT", "0");
    env.put("PSIP_HTTP_HOST", "127.0.0.1");
    env.put("PSIP_HTTP_PORT", "0");
    env.put("PSIP_DATA_DIR", dataDir.toString());
    // a loaded test machine may run a timer late or read a datagram late; shedding calls for it would make tests
    // flaky (OverloadGuardTest, UdpQueueWaitTest and UdpQueueOverloadTest cover the guard itself)
    env.put("PSIP_SIP_OVERLOAD_LAG_MS", "0");
    env.put("PSIP_SIP_OVERLOAD_QUEUE_MS", "0");
    return env;
  }

  public static GatewayConfig loopback(Path dataDir) { return load(loopbackEnv(dataDir)); }

  public static GatewayConfig load(Map<String, String> env) { return new ConfigLoader().load(null, env, Map.of()); }
}
