package io.psip.gateway.it;

import io.psip.gateway.testing.AppServer;
import io.psip.gateway.testing.AppServer.Reply;
import io.psip.gateway.testing.BusyUas;
import io.psip.gateway.testing.DigestClient;
import io.psip.gateway.testing.PsipProcess;
import io.psip.gateway.testing.PsipProcess.HealthAnswer;
import io.psip.gateway.testing.SipWire;
import io.psip.gateway.testing.TestDatabase;
import io.psip.gateway.testing.Waits;
import io.psip.sip.message.SipResponse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ISSUE 7 end to end: psip nodes as separate JVMs ({@code java -jar --cluster}) on loopback, sharing one PostgreSQL
 * (the test JVM's embedded server) and one Vert.x cluster on Hazelcast (TCP/IP members, the bundled
 * {@code conf/cluster.xml}), with a real HTTP application and a SIP endpoint that answers busy.
 *
 * <p>One scenario, in order, since every step builds on the cluster the previous one left: A (sip, webhook, api) and
 * B (sip, api: no webhook verticle) form the cluster; B's start closes a stale open record of a node that is not a
 * member; a domain provisioned through A admits a call through B within a second, answered by A's webhook verticle
 * over the event bus; a digest nonce A issues is accepted by B; A is SIGKILLed with a call open and B closes its
 * record; B, left without any webhook verticle, refuses calls with 503 until C (webhook only) joins, then admits
 * them again; a domain created while A is down is served by A once it restarts; last B is sent SIGTERM with a call
 * in progress: it refuses new INVITEs with 503 + Retry-After, lets the call finish, and leaves.
 *
 * <p>Why a third node rather than restarting B with the webhook role: B is the survivor that closed A's records and
 * stays up throughout, and C shows roles split across nodes (a webhook-only worker serving another node's calls).
 */
class ClusterIT {
  private static final String KEY = "admin";
  private static final String SECRET = "change-me-please";
  private static final String NUMBER = "14155550100";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  private Vertx vertx;
  private AppServer app;
  private BusyUas busy;
  private String database;
  private final List<PsipProcess> launched = new ArrayList<>();
  private final Map<String, Integer> sipPorts = new HashMap<>();
  private final Map<String, Integer> httpPorts = new HashMap<>();
  private final Map<String, Integer> clusterPorts = new HashMap<>();

  @BeforeAll
  static void jarExists() {
    assertThat(PsipProcess.JAR).as("run 'mvn package' first").isRegularFile();
  }

  @BeforeEach
  void setUp() throws IOException {
    vertx = Vertx.vertx();
    app = AppServer.start(vertx);
    busy = BusyUas.start();
    database = TestDatabase.createDatabase("cluster_it");
    for (String n : List.of("a", "b", "c")) {
      sipPorts.put(n, PsipProcess.freePort());
      httpPorts.put(n, PsipProcess.freePort());
      clusterPorts.put(n, PsipProcess.freePort());
    }
  }

  @AfterEach
  void tearDown() throws IOException {
    launched.forEach(PsipProcess::close);
    // failsafe keeps this in ClusterIT-output.txt: every node's log, for whoever has to read a failure
    for (String n : List.of("a", "b", "c")) {
      Path log = dir.resolve(n).resolve("stdout.log");
      if (java.nio.file.Files.exists(log)) {
        System.out.println("===== node " + n + " =====");
        System.out.println(java.nio.file.Files.readString(log));
        System.out.println(java.nio.file.Files.readString(dir.resolve(n).resolve("stderr.log")));
      }
    }
    busy.close();
    app.close();
    vertx.close();
  }

  @Test
  void nodesShareProvisioningWebhooksNoncesAndCallRecords() throws Exception {
    String connectBusy = new JsonArray().add(new JsonObject().put("action", "connect")
        .put("endpoint", new JsonArray().add(new JsonObject().put("type", "sip").put("uri", busy.uri())))).encode();
    app.always("/answer", Reply.ncco(connectBusy));
    // a webhook that keeps its caller waiting: the call stays open (status started) while it does
    app.always("/slow-answer", Reply.ncco(connectBusy).delayed(60_000));
    app.always("/drain-answer", Reply.ncco(connectBusy).delayed(2_000));

    // --- A, then B: one cluster ---------------------------------------------------------------------------------
    long t0 = System.nanoTime();
    PsipProcess a = node("a", "sip,webhook,api");
    HealthAnswer aHealth = a.awaitHealthy(Duration.ofSeconds(40));
    String aNode = aHealth.node();
    log("A up in %d ms as node %s", ms(t0), aNode);
    assertThat(aHealth.members()).isEqualTo(1);

    // an open leg of a node that no longer exists (say the whole cluster was restarted): the next node closes it
    sql("INSERT INTO calls (uuid, conversation_uuid, account_id, direction, status, start_time, answer_time, node) "
        + "VALUES ('ghost-leg', 'CON-ghost', 'admin', 'inbound', 'answered', now() - interval '1 minute', "
        + "now() - interval '50 seconds', 'ghost-node')");

    long t1 = System.nanoTime();
    PsipProcess b = node("b", "sip,api");
    HealthAnswer bHealth = b.awaitHealthy(Duration.ofSeconds(40));
    log("B up in %d ms as node %s", ms(t1), bHealth.node());
    assertThat(bHealth.body().containsKey("webhook")).as("B runs no webhook verticle").isFalse();
    awaitMembers(a, 2);
    awaitMembers(b, 2);
    assertThat(row("ghost-leg")).containsEntry("status", "completed").containsEntry("detail", "restart")
        .containsEntry("inferred", "true");
    assertThat(metrics(b)).contains("psip_cluster_members 2.0");

    // --- provisioned through A, admitted by B within a second, answered by A's webhook verticle -------------------
    String appId = api(a, "POST", "/v2/applications", application("cluster-app", "/answer"), 201).getString("id");
    api(a, "POST", "/v1/psip", domain("acme-cluster", appId), 201);
    long provisioned = System.nanoTime();
    Attempts first = callWhile("b", "sip:100@acme-cluster.sip-us.psip.local", 404, provisioned, 1000);
    long visibleAfter = ms(provisioned);
    log("domain created on A admitted by B after %d ms (%d INVITE(s))", visibleAfter, first.count());
    assertThat(first.last().status()).as("admitted by B, connected to the busy endpoint").isEqualTo(486);
    assertThat(visibleAfter).isLessThan(1000);
    assertThat(app.requests("/answer")).hasSize(1);
    assertThat(app.requests("/answer").get(0).param("to")).isEqualTo("100");

    // --- a digest nonce issued by A is accepted by B ------------------------------------------------------------
    api(a, "POST", "/v1/numbers", new JsonObject().put("msisdn", NUMBER).put("application_id", appId), 201);
    String connectUri = "sip:" + NUMBER + "@sip.psip.local";
    SipResponse challenged = call("a", connectUri);
    assertThat(challenged.status()).isEqualTo(407);
    DigestClient.Challenge challenge = DigestClient.parse(challenged.headerValues("Proxy-Authenticate").get(0));
    SipResponse answered = call("b", connectUri,
        "Proxy-Authorization: " + DigestClient.answer(challenge, KEY, SECRET, "INVITE", connectUri));
    assertThat(answered.status()).as("B admits with A's nonce").isEqualTo(486);
    AppServer.Recorded connect = app.await("/answer", 2, Duration.ofSeconds(5)).get(1);
    assertThat(connect.param("to")).isEqualTo(NUMBER);
    assertThat(connect.param("auth_method")).isEqualTo("digest");

    // --- A dies with a call open: B closes its record -----------------------------------------------------------
    String slowApp = api(a, "POST", "/v2/applications", application("slow-app", "/slow-answer"), 201).getString("id");
    api(a, "POST", "/v1/psip", domain("slow-cluster", slowApp), 201);
    String openLeg;
    try (SipWire toA = SipWire.udp(sipPorts.get("a"))) {
      toA.send(toA.request("INVITE", "sip:200@slow-cluster.sip-us.psip.local", null));
      openLeg = app.await("/slow-answer", 1, Duration.ofSeconds(5)).get(0).param("uuid");
      Waits.until(() -> "started".equals(row(openLeg).get("status")), Duration.ofSeconds(5),
          () -> "leg " + openLeg + " not recorded as started: " + row(openLeg));
      assertThat(row(openLeg)).containsEntry("node", aNode);
      long killed = System.nanoTime();
      a.kill();
      awaitMembers(b, 1);
      log("B saw A leave %d ms after SIGKILL", ms(killed));
      Waits.until(() -> !List.of("started", "ringing", "answered").contains(row(openLeg).get("status")),
          Duration.ofSeconds(10), () -> "A's open leg still open: " + row(openLeg));
      log("A's open leg closed %d ms after SIGKILL: %s", ms(killed), row(openLeg));
    }
    assertThat(row(openLeg)).containsEntry("status", "failed").containsEntry("detail", "node_lost")
        .containsEntry("inferred", "true");
    JsonObject viaApi = api(b, "GET", "/v1/calls/" + openLeg, null, 200);
    assertThat(viaApi.getString("status")).isEqualTo("failed");

    // --- no webhook verticle left in the cluster: B refuses; C (webhook only) joins: B admits again ---------------
    SipResponse noWebhook = call("b", "sip:101@acme-cluster.sip-us.psip.local");
    assertThat(noWebhook.status()).isEqualTo(503);
    assertThat(noWebhook.header("Warning")).contains("no answer from the webhook service");
    long t2 = System.nanoTime();
    PsipProcess c = node("c", "webhook");
    HealthAnswer cHealth = c.awaitHealthy(Duration.ofSeconds(40));
    log("C (webhook only) up in %d ms", ms(t2));
    assertThat(cHealth.body().getString("webhook")).isEqualTo("up");
    awaitMembers(b, 2);
    // C's subscription reaches B's view of the bus a moment after C reports healthy: allow that moment
    long cUp = System.nanoTime();
    Attempts viaC = callWhile("b", "sip:102@acme-cluster.sip-us.psip.local", 503, cUp, 2000);
    log("B admitted through C's webhook verticle %d ms after C was healthy (%d INVITE(s))", ms(cUp), viaC.count());
    assertThat(viaC.last().status()).as("B admits through C's webhook verticle").isEqualTo(486);
    assertThat(app.requests("/answer")).last().satisfies(req -> assertThat(req.param("to")).isEqualTo("102"));

    // --- a domain created while A is down: A serves it once it is back ------------------------------------------
    api(b, "POST", "/v1/psip", domain("late-cluster", appId), 201);
    long t3 = System.nanoTime();
    a = node("a", "sip,webhook,api");
    HealthAnswer aAgain = a.awaitHealthy(Duration.ofSeconds(40));
    log("A restarted in %d ms as node %s", ms(t3), aAgain.node());
    assertThat(aAgain.node()).isNotEqualTo(aNode);
    awaitMembers(a, 3);
    assertThat(call("a", "sip:103@late-cluster.sip-us.psip.local").status())
        .as("restarted A knows the domain created while it was down").isEqualTo(486);

    // --- SIGTERM: B drains (new INVITEs 503 + Retry-After, the live call finishes), then leaves ------------------
    String drainApp = api(a, "POST", "/v2/applications", application("drain-app", "/drain-answer"), 201).getString("id");
    api(a, "POST", "/v1/psip", domain("drain-cluster", drainApp), 201);
    awaitDirectory(b, "domain", 4);
    try (SipWire live = SipWire.udp(sipPorts.get("b"))) {
      String invite = live.request("INVITE", "sip:104@drain-cluster.sip-us.psip.local", null);
      live.send(invite);
      app.await("/drain-answer", 1, Duration.ofSeconds(5));
      long term = System.nanoTime();
      b.terminate();
      Waits.until(() -> draining(b), Duration.ofSeconds(5), () -> "B never reported draining");
      SipResponse refused = call("b", "sip:105@acme-cluster.sip-us.psip.local");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isNotBlank();
      assertThat(refused.header("Warning")).contains("shutting down");
      List<SipResponse> answers = live.receiveUntilFinal();
      SipResponse last = answers.get(answers.size() - 1);
      live.send(live.ackFor(invite, last));
      assertThat(last.status()).as("the call in progress finished normally").isEqualTo(486);
      assertThat(b.awaitExit(Duration.ofSeconds(20))).isEqualTo(143);
      log("B drained and left %d ms after SIGTERM", ms(term));
    }
    assertThat(b.stdout()).contains("drained in").contains("psip stopped");
    awaitMembers(a, 2);
    assertThat(a.stderr()).isEmpty();
  }

  /** An INVITE over UDP to node {@code name}; returns its final response, after acknowledging it. */
  private SipResponse call(String name, String uri, String... headers) throws IOException {
    try (SipWire sip = SipWire.udp(sipPorts.get(name))) {
      String invite = sip.request("INVITE", uri, null, headers);
      SipResponse last = sip.exchange(invite);
      sip.send(sip.ackFor(invite, last));
      return last;
    }
  }

  private record Attempts(SipResponse last, int count) {}

  /** {@link #call}, again while the answer is {@code retryStatus} and less than {@code windowMs} passed since {@code since}. */
  private Attempts callWhile(String name, String uri, int retryStatus, long since, long windowMs) throws IOException {
    int count = 0;
    SipResponse last;
    do {
      count++;
      last = call(name, uri);
    } while (last.status() == retryStatus && ms(since) < windowMs);
    return new Attempts(last, count);
  }

  // --- nodes -------------------------------------------------------------------------------------------------------

  private PsipProcess node(String name, String roles) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PSIP_SIP_PORT", sipPorts.get(name).toString());
    env.put("PSIP_HTTP_PORT", httpPorts.get(name).toString());
    env.put("PSIP_DB_URL", TestDatabase.url(database));
    env.put("PSIP_API_KEY", KEY);
    env.put("PSIP_API_SECRET", SECRET);
    env.put("PSIP_NODE_ROLES", roles);
    env.put("PSIP_CLUSTER_HOST", "127.0.0.1");
    env.put("PSIP_CLUSTER_PORT", clusterPorts.get(name).toString());
    env.put("PSIP_CLUSTER_MEMBERS", "127.0.0.1:" + clusterPorts.get("a") + ",127.0.0.1:" + clusterPorts.get("b")
        + ",127.0.0.1:" + clusterPorts.get("c"));
    env.put("PSIP_CLUSTER_DRAIN_S", "10");
    PsipProcess p = PsipProcess.launch(name, dir.resolve(name), env, "--cluster");
    launched.add(p);
    return p;
  }

  private static void awaitMembers(PsipProcess node, int members) {
    Waits.until(() -> {
      try {
        HealthAnswer h = node.health();
        return h != null && h.members() == members;
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(20), () -> "expected " + members + " members, /health says " + healthText(node));
  }

  private static boolean draining(PsipProcess node) {
    try {
      HealthAnswer h = node.health();
      return h != null && h.body().getBoolean("draining", false) && h.status() == 503;
    } catch (Exception e) {
      return false;
    }
  }

  private static String healthText(PsipProcess node) {
    try {
      HealthAnswer h = node.health();
      return h == null ? "nothing (not listening)" : h.status() + " " + h.body().encode();
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** Waits until {@code node}'s directory holds {@code count} entries of {@code kind} (its /metrics gauge). */
  private static void awaitDirectory(PsipProcess node, String kind, int count) {
    String line = "psip_directory_entries{kind=\"" + kind + "\"} " + count + ".0";
    Waits.until(() -> {
      try {
        return metrics(node).lines().anyMatch(line::equals);
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(5), () -> "no '" + line + "' in /metrics");
  }

  // --- the admin API ----------------------------------------------------------------------------------------------

  private JsonObject api(PsipProcess node, String method, String path, JsonObject body, int expected) throws Exception {
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .timeout(Duration.ofSeconds(5))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((KEY + ':' + SECRET)
            .getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json");
    rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    HttpResponse<String> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
    return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
  }

  private JsonObject application(String name, String answerPath) {
    JsonObject webhooks = new JsonObject()
        .put("answer_url", new JsonObject().put("address", app.url(answerPath)).put("http_method", "GET"))
        .put("event_url", new JsonObject().put("address", app.url("/event")));
    return new JsonObject().put("name", name)
        .put("capabilities", new JsonObject().put("voice", new JsonObject().put("webhooks", webhooks)));
  }

  private static JsonObject domain(String name, String applicationId) {
    return new JsonObject().put("name", name).put("application_id", applicationId)
        .put("acl", new JsonArray().add("127.0.0.1/32"));
  }

  private static String metrics(PsipProcess node) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  // --- the shared database ----------------------------------------------------------------------------------------

  private void sql(String statement) { TestDatabase.execute(database, statement); }

  /** A call record's columns as text, or an empty map. */
  private Map<String, String> row(String uuid) {
    try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(database));
         PreparedStatement s = c.prepareStatement(
             "SELECT status, detail, node, inferred::text AS inferred FROM calls WHERE uuid = ?")) {
      s.setString(1, uuid);
      try (ResultSet rs = s.executeQuery()) {
        Map<String, String> row = new HashMap<>();
        if (rs.next()) {
          for (String col : List.of("status", "detail", "node", "inferred")) row.put(col, rs.getString(col));
        }
        return row;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long ms(long since) { return (System.nanoTime() - since) / 1_000_000; }

  private static void log(String format, Object... args) { System.out.println("ClusterIT: " + String.format(format, args)); }
}
