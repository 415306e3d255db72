package io.psip.gateway.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every key's rule: a value it refuses (with the exact one-line message) and values it accepts. */
class ValidationRulesTest {
  private final ConfigLoader loader = new ConfigLoader();

  static Stream<Arguments> refused() {
    String port = "must be an integer from 0 to 65535";
    String host = "must be an IP address or a host name";
    String positive = "must be a positive integer";
    return Stream.of(
        Arguments.of("sip.host", "not a host!", host),
        Arguments.of("sip.host", "300.1.1.1.1", host),
        Arguments.of("sip.host", "[2001:db8::1]", host),
        Arguments.of("sip.port", "65536", port),
        Arguments.of("sip.port", "-1", port),
        Arguments.of("sip.port", "99999999999", port),
        Arguments.of("sip.domain", "-psip.local", "must be a DNS name such as psip.example.com"),
        Arguments.of("sip.domain", "psip..local", "must be a DNS name such as psip.example.com"),
        Arguments.of("sip.domain", "psip_local", "must be a DNS name such as psip.example.com"),
        Arguments.of("sip.regions", "", "must be a non-empty comma-separated list of region names made of a-z, 0-9 and -"),
        Arguments.of("sip.regions", "us,EU", "must be a non-empty comma-separated list of region names made of a-z, 0-9 and -"),
        Arguments.of("sip.advertised_host", "pbx .example.com", "must be empty (derived) or an IP address or a host name"),
        Arguments.of("sip.udp_receive_buffer_bytes", "0", positive),
        Arguments.of("sip.tcp_idle_timeout_s", "-5", positive),
        Arguments.of("sip.tcp_max_connections", "many", positive),
        Arguments.of("sip.max_start_line_bytes", "0", positive),
        Arguments.of("sip.max_header_bytes", "0", positive),
        Arguments.of("sip.max_header_count", "0", positive),
        Arguments.of("sip.max_body_bytes", "1.5", positive),
        Arguments.of("sip.t1_ms", "0", positive),
        Arguments.of("sip.t2_ms", "0", positive),
        Arguments.of("sip.t4_ms", "0", positive),
        Arguments.of("http.host", "::1::1", host),
        Arguments.of("http.port", "http", port),
        Arguments.of("db.url", "mysql://db/psip", "must be empty (embedded PostgreSQL) or a URL like postgresql://user:pass@host:5432/db"),
        Arguments.of("db.url", "postgresql:///psip", "must be empty (embedded PostgreSQL) or a URL like postgresql://user:pass@host:5432/db"),
        Arguments.of("db.url", "postgresql://db:notaport/psip", "must be empty (embedded PostgreSQL) or a URL like postgresql://user:pass@host:5432/db"),
        Arguments.of("db.pool_size", "0", "must be an integer from 1 to 1000"),
        Arguments.of("db.timeout_ms", "50", "must be an integer from 100 to 60000 (milliseconds)"),
        Arguments.of("data.dir", "", "must be a directory path"),
        Arguments.of("data.dir", "bad\u0000path", "must be a directory path"),
        Arguments.of("api.key", "has space", "must be empty (generated) or 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'"),
        Arguments.of("outbound.trunk", "http://carrier.example.com", "must be empty or a SIP URI such as sip:carrier.example.com:5060"),
        Arguments.of("outbound.trunk", "sip:", "must be empty or a SIP URI such as sip:carrier.example.com:5060"),
        Arguments.of("cluster.enabled", "yes", "must be true or false"),
        Arguments.of("cluster.host", "", host),
        Arguments.of("cluster.port", "0", "must be an integer from 1 to 65535"),
        Arguments.of("cluster.members", "10.0.0.1", "must be a comma-separated list of host:port"),
        Arguments.of("cluster.members", "10.0.0.1:70000", "must be a comma-separated list of host:port"),
        Arguments.of("cluster.members", "fd00::2:5701", "must be a comma-separated list of host:port"),
        Arguments.of("cluster.members", ":5701", "must be a comma-separated list of host:port"),
        Arguments.of("cluster.members", "node-1.example.com:", "must be a comma-separated list of host:port"),
        Arguments.of("cluster.members", "10.0.0.1:5701;10.0.0.2:5701", "must be a comma-separated list of host:port"),
        Arguments.of("cluster.members", "[10.0.0.1]:5701", "must be a comma-separated list of host:port"),
        Arguments.of("cluster.bus_port", "65536", port),
        Arguments.of("cluster.drain_s", "-1", "must be an integer from 0 to 3600 (seconds)"),
        Arguments.of("cluster.drain_s", "3601", "must be an integer from 0 to 3600 (seconds)"),
        Arguments.of("cluster.config", " ", "must be empty (the bundled conf/cluster.xml) or the path of a Hazelcast XML file"),
        Arguments.of("node.roles", "", "must be a non-empty comma-separated subset of sip, webhook, api"),
        Arguments.of("node.roles", "sip,media", "must be a non-empty comma-separated subset of sip, webhook, api"));
  }

  @ParameterizedTest(name = "{0} = \"{1}\"")
  @MethodSource("refused")
  void refused(String key, String value, String requirement) {
    ConfigKey<?> k = ConfigKeys.byName(key);
    String variable = k.envVar();
    // a secret key (db.url may hold a password) never echoes its value
    String got = k.secret() ? "" : "got " + io.vertx.core.json.Json.encode(value) + " ";
    assertThatThrownBy(() -> loader.load(null, Map.of(variable, value), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(key + ": " + requirement + " (" + got + "from " + variable + ")");
  }

  @ParameterizedTest(name = "{0} = \"{1}\"")
  @CsvSource(delimiter = '|', value = {
      "sip.host | ::",
      "sip.host | 192.0.2.10",
      "sip.host | 2001:db8::1",
      "sip.host | sip-1.example.com",
      "sip.port | 0",
      "sip.port | 65535",
      "sip.domain | PSIP.Example.COM",
      "sip.domain | localhost",
      "sip.regions | us-east-1,eu",
      "sip.advertised_host | ''",
      "sip.advertised_host | 203.0.113.7",
      "db.url | postgres://psip@db:5432/psip",
      "db.url | postgresql://psip:s%40cret@[2001:db8::5]:6543/psip?sslmode=require",
      "db.pool_size | 32",
      "db.timeout_ms | 10000",
      "api.signature_secret | 0123456789abcdef0123456789abcdef",
      "data.dir | /var/lib/psip",
      "outbound.trunk | sips:carrier.example.com;transport=tcp",
      "cluster.members | a.example.com:5701,192.0.2.1:5702",
      "cluster.members | '10.0.0.1:5701, 10.0.0.2:5701 ,[2001:db8::7]:5701'",
      "cluster.members | ''",
      "cluster.config | /etc/psip/cluster.xml",
      "cluster.bus_port | 5702",
      "cluster.drain_s | 0",
      "node.roles | webhook",
      "node.roles | api,sip",
  })
  void accepted(String key, String value) {
    ConfigKey<?> k = ConfigKeys.byName(key);
    GatewayConfig c = loader.load(null, Map.of(k.envVar(), value), Map.of());
    assertThat(c.get(k)).isNotNull();
  }
}
