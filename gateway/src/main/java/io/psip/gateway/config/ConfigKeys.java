package io.psip.gateway.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

import static io.psip.gateway.config.ValueType.BOOL;
import static io.psip.gateway.config.ValueType.INT;
import static io.psip.gateway.config.ValueType.LIST;
import static io.psip.gateway.config.ValueType.STRING;

/**
 * Every key psip understands, one line each: name, type, rule, requirement. Defaults live in {@code conf/psip.json};
 * the README's configuration table documents the meaning (a test keeps the three in step).
 */
public final class ConfigKeys {
  private static final List<ConfigKey<?>> KEYS = new ArrayList<>(); // before the constants: they register here
  /** All keys, in the order they are validated and documented. */
  public static final List<ConfigKey<?>> ALL = Collections.unmodifiableList(KEYS);

  private static final String PORT = "must be an integer from 0 to 65535";
  private static final String HOST = "must be an IP address or a host name";
  private static final String POSITIVE = "must be a positive integer";

  public static final ConfigKey<String> SIP_HOST = key("sip.host", STRING, Checks::host, HOST);
  public static final ConfigKey<Integer> SIP_PORT = key("sip.port", INT, Checks.range(0, 65535), PORT);
  public static final ConfigKey<String> SIP_DOMAIN = key("sip.domain", STRING, Checks::dnsName,
      "must be a DNS name such as psip.example.com");
  public static final ConfigKey<List<String>> SIP_REGIONS = key("sip.regions", LIST, Checks::regions,
      "must be a non-empty comma-separated list of region names made of a-z, 0-9 and -");
  public static final ConfigKey<String> SIP_ADVERTISED_HOST = key("sip.advertised_host", STRING,
      Checks.emptyOr(Checks::host), "must be empty (derived) or an IP address or a host name");
  public static final ConfigKey<Integer> SIP_UDP_RECEIVE_BUFFER_BYTES = key("sip.udp_receive_buffer_bytes", INT, Checks.positive(), POSITIVE);
  public static final ConfigKey<Integer> SIP_TCP_IDLE_TIMEOUT_S = key("sip.tcp_idle_timeout_s", INT, Checks.positive(), POSITIVE);
  public static final ConfigKey<Integer> SIP_TCP_MAX_CONNECTIONS = key("sip.tcp_max_connections", INT, Checks.positive(), POSITIVE);
  public static final ConfigKey<Integer> SIP_MAX_START_LINE_BYTES = key("sip.max_start_line_bytes", INT, Checks.positive(), POSITIVE);
  public static final ConfigKey<Integer> SIP_MAX_HEADER_BYTES = key("sip.max_header_bytes", INT, Checks.positive(), POSITIVE);
  public static final ConfigKey<Integer> SIP_MAX_HEADER_COUNT = key("sip.max_header_count", INT, Checks.positive(), POSITIVE);
  public static final ConfigKey<Integer> SIP_MAX_BODY_BYTES = key("sip.max_body_bytes", INT, Checks.positive(), POSITIVE);
  public static final ConfigKey<Integer> SIP_OVERLOAD_LAG_MS = key("sip.overload_lag_ms", INT, Checks.range(0, 10_000),
      "must be an integer from 0 (off) to 10000 (milliseconds)");
  public static final ConfigKey<Integer> SIP_OVERLOAD_QUEUE_MS = key("sip.overload_queue_ms", INT,
      Checks.range(0, 10_000), "must be an integer from 0 (off) to 10000 (milliseconds)");
  public static final ConfigKey<Integer> SIP_T1_MS = key("sip.t1_ms", INT, Checks.positive(), POSITIVE);
  public static final ConfigKey<Integer> SIP_T2_MS = key("sip.t2_ms", INT, Checks.positive(), POSITIVE);
  public static final ConfigKey<Integer> SIP_T4_MS = key("sip.t4_ms", INT, Checks.positive(), POSITIVE);

  public static final ConfigKey<String> HTTP_HOST = key("http.host", STRING, Checks::host, HOST);
  public static final ConfigKey<Integer> HTTP_PORT = key("http.port", INT, Checks.range(0, 65535), PORT);

  // secret: the URL may carry the database password, so an error never echoes it
  public static final ConfigKey<String> DB_URL = register(new ConfigKey<>("db.url", STRING,
      Checks.emptyOr(Checks::postgresUrl), "must be empty (embedded PostgreSQL) or a URL like postgresql://user:pass@host:5432/db",
      true));
  public static final ConfigKey<Integer> DB_POOL_SIZE = key("db.pool_size", INT, Checks.range(1, 1000),
      "must be an integer from 1 to 1000");
  public static final ConfigKey<Integer> DB_TIMEOUT_MS = key("db.timeout_ms", INT, Checks.range(100, 60000),
      "must be an integer from 100 to 60000 (milliseconds)");
  public static final ConfigKey<String> DATA_DIR = key("data.dir", STRING, Checks::path, "must be a directory path");

  public static final ConfigKey<String> API_KEY = key("api.key", STRING, Checks.emptyOr(Checks::apiKey),
      "must be empty (generated) or 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
  public static final ConfigKey<String> API_SECRET = register(new ConfigKey<>("api.secret", STRING,
      Checks.emptyOr(Checks::apiSecret), "must be empty (generated) or 8 to 256 characters without spaces", true));
  public static final ConfigKey<String> API_SIGNATURE_SECRET = register(new ConfigKey<>("api.signature_secret", STRING,
      Checks.emptyOr(Checks::signatureSecret), "must be empty (generated) or 32 to 256 characters without spaces",
      true));

  public static final ConfigKey<String> OUTBOUND_TRUNK = key("outbound.trunk", STRING, Checks.emptyOr(Checks::sipUri),
      "must be empty or a SIP URI such as sip:carrier.example.com:5060");

  public static final ConfigKey<List<String>> AUTH_CHAIN = key("auth.chain", LIST, Checks::authChain,
      "must be a non-empty comma-separated list of authenticator names, each once (built in: acl, digest)");
  public static final ConfigKey<Integer> AUTH_NONCE_LIFETIME_S = key("auth.nonce_lifetime_s", INT, Checks.range(10, 3600),
      "must be an integer from 10 to 3600 (seconds)");
  public static final ConfigKey<Integer> AUTH_NONCE_TRACKING_MAX = key("auth.nonce_tracking_max", INT,
      Checks.range(1_000, 100_000_000), "must be an integer from 1000 to 100000000 (nonces)");
  public static final ConfigKey<Integer> AUTH_BAN_FAILURES = key("auth.ban.failures", INT, Checks.range(1, 1000),
      "must be an integer from 1 to 1000");
  public static final ConfigKey<Integer> AUTH_BAN_WINDOW_S = key("auth.ban.window_s", INT, Checks.range(1, 86400),
      "must be an integer from 1 to 86400 (seconds)");
  public static final ConfigKey<Integer> AUTH_BAN_TIME_S = key("auth.ban.time_s", INT, Checks.range(1, 604800),
      "must be an integer from 1 to 604800 (seconds)");

  public static final ConfigKey<Integer> WEBHOOK_ANSWER_BUDGET_MS = key("webhook.answer_budget_ms", INT,
      Checks.range(1000, 60000), "must be an integer from 1000 to 60000 (milliseconds)");
  public static final ConfigKey<List<String>> WEBHOOK_DENY = key("webhook.deny", LIST, Checks::cidrs,
      "must be a comma-separated list of CIDR blocks such as 169.254.0.0/16 (empty allows every address)");
  public static final ConfigKey<Integer> WEBHOOK_INSTANCES = key("webhook.instances", INT, Checks.range(0, 64),
      "must be an integer from 0 (one per CPU core) to 64");
  public static final ConfigKey<Integer> WEBHOOK_MAX_POOL_SIZE = key("webhook.max_pool_size", INT, Checks.range(1, 1000),
      "must be an integer from 1 to 1000");

  public static final ConfigKey<Integer> CALLS_MAX = key("calls.max", INT, Checks.range(1, 1_000_000),
      "must be an integer from 1 to 1000000");
  public static final ConfigKey<Integer> CALLS_MAX_PER_ACCOUNT = key("calls.max_per_account", INT,
      Checks.range(1, 1_000_000), "must be an integer from 1 to 1000000");

  public static final ConfigKey<Boolean> CLUSTER_ENABLED = key("cluster.enabled", BOOL, b -> true, "must be true or false");
  public static final ConfigKey<String> CLUSTER_HOST = key("cluster.host", STRING, Checks::host, HOST);
  public static final ConfigKey<Integer> CLUSTER_PORT = key("cluster.port", INT, Checks.range(1, 65535),
      "must be an integer from 1 to 65535");
  public static final ConfigKey<List<String>> CLUSTER_MEMBERS = key("cluster.members", LIST, Checks::members,
      "must be a comma-separated list of host:port");
  public static final ConfigKey<String> CLUSTER_CONFIG = key("cluster.config", STRING, Checks.emptyOr(Checks::path),
      "must be empty (the bundled conf/cluster.xml) or the path of a Hazelcast XML file");
  public static final ConfigKey<Integer> CLUSTER_BUS_PORT = key("cluster.bus_port", INT, Checks.range(0, 65535), PORT);
  public static final ConfigKey<Integer> CLUSTER_DRAIN_S = key("cluster.drain_s", INT, Checks.range(0, 3600),
      "must be an integer from 0 to 3600 (seconds)");

  public static final ConfigKey<List<String>> NODE_ROLES = key("node.roles", LIST, Checks::roles,
      "must be a non-empty comma-separated subset of sip, webhook, api");

  private ConfigKeys() {}

  public static ConfigKey<?> byName(String name) {
    for (ConfigKey<?> k : KEYS) if (k.name().equals(name)) return k;
    return null;
  }

  /** Rules that span keys; run after every key passed its own rule. */
  static void checkTogether(GatewayConfig c) {
    if (c.get(SIP_T2_MS) < c.get(SIP_T1_MS)) {
      throw new InvalidConfigException(SIP_T2_MS.name(),
          "must not be less than sip.t1_ms (got " + c.get(SIP_T2_MS) + ", sip.t1_ms is " + c.get(SIP_T1_MS) + ")");
    }
    if (c.get(API_KEY).isEmpty() != c.get(API_SECRET).isEmpty()) {
      ConfigKey<String> missing = c.get(API_KEY).isEmpty() ? API_KEY : API_SECRET;
      throw new InvalidConfigException(missing.name(), "must be set together with "
          + (missing == API_KEY ? API_SECRET : API_KEY).name() + " (or both left empty to generate them)");
    }
    if (c.get(CLUSTER_ENABLED)) {
      if (c.get(DB_URL).isEmpty()) {
        throw new InvalidConfigException(CLUSTER_ENABLED.name(), "needs db.url: the nodes of a cluster share one "
            + "PostgreSQL server, and the embedded one belongs to a single node");
      }
      if (Checks.wildcard(c.get(CLUSTER_HOST))) {
        throw new InvalidConfigException(CLUSTER_HOST.name(), "must be this node's own address when clustered, "
            + "not a wildcard (got \"" + c.get(CLUSTER_HOST) + "\")");
      }
    }
  }

  private static <T> ConfigKey<T> key(String name, ValueType<T> type, Predicate<T> rule, String requirement) {
    return register(new ConfigKey<>(name, type, rule, requirement, false));
  }

  private static <T> ConfigKey<T> register(ConfigKey<T> key) {
    KEYS.add(key);
    return key;
  }
}
