package io.psip.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.psip.gateway.config.ConfigKeys.API_KEY;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_BUS_PORT;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_CONFIG;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_DRAIN_S;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_ENABLED;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_HOST;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_MEMBERS;
import static io.psip.gateway.config.ConfigKeys.CLUSTER_PORT;
import static io.psip.gateway.config.ConfigKeys.DATA_DIR;
import static io.psip.gateway.config.ConfigKeys.DB_URL;
import static io.psip.gateway.config.ConfigKeys.HTTP_HOST;
import static io.psip.gateway.config.ConfigKeys.HTTP_PORT;
import static io.psip.gateway.config.ConfigKeys.NODE_ROLES;
import static io.psip.gateway.config.ConfigKeys.OUTBOUND_TRUNK;
import static io.psip.gateway.config.ConfigKeys.SIP_ADVERTISED_HOST;
import static io.psip.gateway.config.ConfigKeys.SIP_DOMAIN;
import static io.psip.gateway.config.ConfigKeys.SIP_HOST;
import static io.psip.gateway.config.ConfigKeys.SIP_PORT;
import static io.psip.gateway.config.ConfigKeys.SIP_REGIONS;
import static io.psip.gateway.config.ConfigKeys.SIP_T1_MS;
import static io.psip.gateway.config.ConfigKeys.SIP_T2_MS;
import static io.psip.gateway.config.ConfigKeys.SIP_TCP_IDLE_TIMEOUT_S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader();

  @TempDir
  Path dir;

  @Test
  void defaultsAreTheContractsDefaults() {
    GatewayConfig c = loader.load(null, Map.of(), Map.of());
    assertThat(c.get(SIP_HOST)).isEqualTo("0.0.0.0");
    assertThat(c.get(SIP_PORT)).isEqualTo(5060);
    assertThat(c.get(SIP_DOMAIN)).isEqualTo("psip.local");
    assertThat(c.get(SIP_REGIONS)).containsExactly("us", "eu", "ap");
    assertThat(c.get(HTTP_HOST)).isEqualTo("0.0.0.0");
    assertThat(c.get(HTTP_PORT)).isEqualTo(8080);
    assertThat(c.get(DB_URL)).isEmpty();
    assertThat(c.get(DATA_DIR)).isEqualTo("./data");
    assertThat(c.get(API_KEY)).isEmpty();
    assertThat(c.get(OUTBOUND_TRUNK)).isEmpty();
    assertThat(c.get(CLUSTER_ENABLED)).isFalse();
    assertThat(c.get(CLUSTER_HOST)).isEqualTo("127.0.0.1");
    assertThat(c.get(CLUSTER_PORT)).isEqualTo(5701);
    assertThat(c.get(CLUSTER_MEMBERS)).isEmpty();
    assertThat(c.get(CLUSTER_CONFIG)).isEmpty();
    assertThat(c.get(CLUSTER_BUS_PORT)).isZero();
    assertThat(c.get(CLUSTER_DRAIN_S)).isEqualTo(10);
    assertThat(c.get(NODE_ROLES)).containsExactly("sip", "webhook", "api");
    assertThat(c.get(SIP_ADVERTISED_HOST)).isEmpty();
    assertThat(c.get(SIP_T1_MS)).isEqualTo(500);
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void laterLayersWin_defaultsThenFileThenEnvironmentThenCommandLine() throws IOException {
    Path file = write("""
        {"sip": {"port": 5070, "domain": "file.example.com", "tcp_idle_timeout_s": 30},
         "cluster": {"enabled": false}}""");
    Map<String, String> env = Map.of("PSIP_SIP_PORT", "5080", "PSIP_CLUSTER_ENABLED", "false",
        "PSIP_DB_URL", "postgresql://psip:secret@db.example.com:5432/psip"); // a cluster needs a shared database

    GatewayConfig c = loader.load(file, env, Map.of("cluster.enabled", true));

    assertThat(c.get(SIP_PORT)).as("environment over file").isEqualTo(5080);
    assertThat(c.get(SIP_DOMAIN)).as("file over defaults").isEqualTo("file.example.com");
    assertThat(c.get(SIP_TCP_IDLE_TIMEOUT_S)).isEqualTo(30);
    assertThat(c.get(HTTP_PORT)).as("untouched default").isEqualTo(8080);
    assertThat(c.get(CLUSTER_ENABLED)).as("command line over environment").isTrue();
  }

  @Test
  void environmentValuesTakeTheTypeOfTheDefault() {
    GatewayConfig c = loader.load(null, Map.of(
        "PSIP_SIP_TCP_IDLE_TIMEOUT_S", " 45 ",
        "PSIP_CLUSTER_ENABLED", "TRUE",
        "PSIP_SIP_REGIONS", "us, eu ,",
        "PSIP_CLUSTER_MEMBERS", "10.0.0.1:5701,[fd00::2]:5701",
        "PSIP_DB_URL", "postgresql://psip:secret@db.example.com:5432/psip"), Map.of());
    assertThat(c.get(SIP_TCP_IDLE_TIMEOUT_S)).isEqualTo(45);
    assertThat(c.get(CLUSTER_ENABLED)).isTrue();
    assertThat(c.get(SIP_REGIONS)).containsExactly("us", "eu");
    assertThat(c.get(CLUSTER_MEMBERS)).containsExactly("10.0.0.1:5701", "[fd00::2]:5701");
    assertThat(c.get(DB_URL)).isEqualTo("postgresql://psip:secret@db.example.com:5432/psip");
  }

  @Test
  void aConfFileMayWriteListsAsArraysAndKeysDotted() throws IOException {
    Path file = write("""
        {"sip": {"regions": ["eu", "us"]}, "node.roles": "sip"}""");
    GatewayConfig c = loader.load(file, Map.of(), Map.of());
    assertThat(c.get(SIP_REGIONS)).containsExactly("eu", "us");
    assertThat(c.get(NODE_ROLES)).containsExactly("sip");
  }

  @Test
  void theRepositorysOwnConfFileLoads() {
    GatewayConfig c = loader.load(Path.of("../conf/psip.json"), Map.of(), Map.of());
    assertThat(c.get(SIP_PORT)).isEqualTo(5060);
  }

  @Test
  void verticlesGetTheirSectionsTyped() {
    GatewayConfig c = loader.load(null, Map.of("PSIP_SIP_REGIONS", "eu"), Map.of());
    JsonObject part = c.sections("sip");
    assertThat(part.fieldNames()).containsExactly("sip");
    assertThat(part.getJsonObject("sip").getValue("port")).isEqualTo(5060);
    assertThat(part.getJsonObject("sip").getValue("regions")).isEqualTo(new JsonArray().add("eu"));
    assertThat(SIP_REGIONS.get(part)).containsExactly("eu");
  }

  @Test
  void theExampleFromTheContract() {
    assertThatThrownBy(() -> loader.load(null, Map.of("PSIP_SIP_PORT", "abc"), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("sip.port: must be an integer from 0 to 65535 (got \"abc\" from PSIP_SIP_PORT)")
        .extracting(e -> ((InvalidConfigException) e).key()).isEqualTo("sip.port");
  }

  @Test
  void aBadValueInTheFileNamesTheFile() throws IOException {
    Path file = write("{\"sip\": {\"port\": 5060.5}}");
    assertThatThrownBy(() -> loader.load(file, Map.of(), Map.of()))
        .hasMessage("sip.port: must be an integer from 0 to 65535 (got 5060.5 from " + file + ")");
  }

  @Test
  void secretsAreNeverEchoed() {
    assertThatThrownBy(() -> loader.load(null, Map.of("PSIP_API_KEY", "abc", "PSIP_API_SECRET", "hunter2"), Map.of()))
        .hasMessage("api.secret: must be empty (generated) or 8 to 256 characters without spaces (from PSIP_API_SECRET)")
        .message().doesNotContain("hunter2");
  }

  @Test
  void unknownKeysInAConfFileAreRefusedWithASuggestion() throws IOException {
    Path typo = write("{\"sip\": {\"prot\": 5070}}");
    assertThatThrownBy(() -> loader.load(typo, Map.of(), Map.of()))
        .hasMessage("sip.prot: unknown key in " + typo + "; did you mean sip.port?");

    Path unrelated = write("{\"media\": {\"rtp_ports\": \"10000-20000\"}}");
    assertThatThrownBy(() -> loader.load(unrelated, Map.of(), Map.of()))
        .hasMessage("media.rtp_ports: unknown key in " + unrelated);
  }

  @Test
  void aSectionThatIsNotAnObjectIsNamed() throws IOException {
    Path file = write("{\"sip\": 5060}");
    assertThatThrownBy(() -> loader.load(file, Map.of(), Map.of()))
        .hasMessage("sip: must be a JSON object of sip.* keys (in " + file + ")");
  }

  @Test
  void unreadableConfFiles() throws IOException {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> loader.load(missing, Map.of(), Map.of()))
        .hasMessage("--conf: " + missing + ": no such file");

    Path broken = write("{\"sip\": {\"port\": 5060,}");
    assertThatThrownBy(() -> loader.load(broken, Map.of(), Map.of()))
        .hasMessageStartingWith("--conf: " + broken + ": not a JSON object (")
        .message().doesNotContain("\n");

    Path array = write("[1, 2]");
    assertThatThrownBy(() -> loader.load(array, Map.of(), Map.of()))
        .hasMessageStartingWith("--conf: " + array + ": not a JSON object");
  }

  @Test
  void unknownPsipVariablesAreWarnedAboutNotFatal() {
    GatewayConfig c = loader.load(null, Map.of("PSIP_SIP_PROT", "5070", "HOME", "/root"), Map.of());
    assertThat(c.warnings()).containsExactly(
        "ignoring environment variable PSIP_SIP_PROT: it names no configuration key; did you mean PSIP_SIP_PORT?");
  }

  @Test
  void defaultsMissingAKeyAreABuildProblem() {
    JsonObject defaults = ConfigLoader.bundledDefaults();
    defaults.getJsonObject("sip").remove("t4_ms");
    assertThatThrownBy(() -> new ConfigLoader(defaults).load(null, Map.of(), Map.of()))
        .hasMessage("sip.t4_ms: has no default in conf/psip.json (a build problem)");
  }

  @Test
  void everyKeyMapsToItsEnvironmentVariable() {
    assertThat(SIP_PORT.envVar()).isEqualTo("PSIP_SIP_PORT");
    assertThat(SIP_TCP_IDLE_TIMEOUT_S.envVar()).isEqualTo("PSIP_SIP_TCP_IDLE_TIMEOUT_S");
    assertThat(ConfigKeys.ALL).extracting(ConfigKey::envVar).doesNotHaveDuplicates()
        .allMatch(v -> v.matches("PSIP_[A-Z0-9_]+"));
  }

  @Test
  void t2MayNotBeShorterThanT1() {
    assertThatThrownBy(() -> loader.load(null, Map.of("PSIP_SIP_T1_MS", "5000"), Map.of()))
        .hasMessage("sip.t2_ms: must not be less than sip.t1_ms (got 4000, sip.t1_ms is 5000)");
    assertThat(loader.load(null, Map.of("PSIP_SIP_T1_MS", "4000"), Map.of()).get(SIP_T2_MS)).isEqualTo(4000);
  }

  @Test
  void apiKeyAndSecretComeTogether() {
    assertThatThrownBy(() -> loader.load(null, Map.of("PSIP_API_KEY", "a1b2c3d4"), Map.of()))
        .hasMessage("api.secret: must be set together with api.key (or both left empty to generate them)");
    assertThatThrownBy(() -> loader.load(null, Map.of("PSIP_API_SECRET", "0123456789abcdef"), Map.of()))
        .hasMessage("api.key: must be set together with api.secret (or both left empty to generate them)");
    GatewayConfig c = loader.load(null, Map.of("PSIP_API_KEY", "a1b2c3d4", "PSIP_API_SECRET", "0123456789abcdef"), Map.of());
    assertThat(c.get(API_KEY)).isEqualTo("a1b2c3d4");
  }

  @Test
  void messagesAreOneLine() {
    assertThatThrownBy(() -> loader.load(null, Map.of("PSIP_SIP_DOMAIN", "a\nb"), Map.of()))
        .message().doesNotContain("\n").contains("\\n");
  }

  private Path write(String json) throws IOException {
    Path file = Files.createTempFile(dir, "psip-", ".json");
    Files.writeString(file, json);
    return file;
  }

  static List<String> keyNames() { return ConfigKeys.ALL.stream().map(ConfigKey::name).toList(); }
}
