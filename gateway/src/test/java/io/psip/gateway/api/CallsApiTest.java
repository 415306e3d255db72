package io.psip.gateway.api;

import io.psip.bus.CallControl;
import io.psip.call.LegRecord;
import io.psip.gateway.Gateway;
import io.psip.gateway.calls.CallRecords;
import io.psip.gateway.calls.PgCallRecorder;
import io.psip.gateway.testing.TestConfigs;
import io.psip.gateway.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.psip.gateway.api.ApiClient.await;
import static io.psip.gateway.api.Bodies.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/calls} over real HTTP on a whole node (its Vert.x is the test's, so a test can answer call control on
 * the event bus as a node owning the leg would), legs written by the real recorder.
 */
class CallsApiTest {
  private static final String PRIMARY_KEY = "primary1";
  private static final String PRIMARY_SECRET = "primary-secret-1";
  private static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

  /** An account's credentials; {@link #client()} speaks to the node running now (a restart changes its port). */
  record Account(String key, String secret) {
    ApiClient client() { return new ApiClient(web, gateway.httpPort(), key, secret, check); }
  }

  static Vertx vertx;
  static Path dataDir;
  static Map<String, String> env;
  static Gateway gateway;
  static WebClient web;
  static OpenApiCheck check;
  static Account alice;
  static Account bob;
  static PgCallRecorder recorder;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    dataDir = Files.createTempDirectory("psip-calls-api");
    env = new HashMap<>(TestConfigs.loopbackEnv(dataDir));
    env.put("PSIP_DB_URL", TestDatabase.freshDatabase(CallsApiTest.class));
    env.put("PSIP_API_KEY", PRIMARY_KEY);
    env.put("PSIP_API_SECRET", PRIMARY_SECRET);
    gateway = await(Gateway.start(vertx, TestConfigs.load(env)));
    web = WebClient.create(vertx);
    check = OpenApiCheck.load(vertx);
    recorder = new PgCallRecorder(gateway.database().pool());
    alice = account("calls");
    bob = account("calls-other");
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) await(gateway.stop());
    if (vertx != null) await(vertx.close());
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static ApiClient api() { return alice.client(); }

  private static ApiClient other() { return bob.client(); }

  private static Account account(String name) {
    ApiClient primary = new ApiClient(web, gateway.httpPort(), PRIMARY_KEY, PRIMARY_SECRET, check);
    ApiClient.Response r = primary.post("/v1/accounts", new JsonObject().put("name", name));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return new Account(r.json().getString("api_key"), r.json().getString("api_secret"));
  }

  /** Writes a leg and waits for it to be in the database. */
  private static LegRecord write(LegRecord leg) {
    assertThat(await(recorder.write(leg))).as(leg.uuid()).isTrue();
    return leg;
  }

  private static LegRecord leg(Account owner, String conversation, String status, Instant start, boolean answered,
                               boolean ended, String node) {
    return new LegRecord(UUID.randomUUID().toString(), conversation, owner.key(), UUID.randomUUID().toString(),
        "inbound", "+14155550100", "sip:alice@pbx.example.com", "sip", status, start,
        answered ? start.plusSeconds(3) : null, ended ? start.plusSeconds(45) : null, ended ? 200 : 0,
        ended && !answered ? "cannot_route" : null, ended && answered ? "user" : null, node);
  }

  private static String conversation() { return "CON-" + UUID.randomUUID(); }

  private static List<String> uuids(JsonObject page) {
    return page.getJsonObject("_embedded").getJsonArray("calls").stream()
        .map(o -> ((JsonObject) o).getString("uuid")).toList();
  }

  @Test
  void aLegInVonagesShape() {
    LegRecord leg = write(leg(alice, conversation(), "completed", T0, true, true, "node-a"));
    ApiClient.Response r = api().get("/v1/calls/" + leg.uuid());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject()
        .put("uuid", leg.uuid())
        .put("conversation_uuid", leg.conversationUuid())
        .put("direction", "inbound")
        .put("status", "completed")
        .put("from", new JsonObject().put("type", "phone").put("number", "14155550100"))
        .put("to", new JsonObject().put("type", "sip").put("uri", "sip:alice@pbx.example.com"))
        .put("start_time", T0.toString())
        .put("answer_time", T0.plusSeconds(3).toString())
        .put("end_time", T0.plusSeconds(45).toString())
        .put("duration", "42")
        .put("sip_code", 200)
        .putNull("detail")
        .put("disconnected_by", "user")
        .put("_links", new JsonObject().put("self", new JsonObject().put("href", "/v1/calls/" + leg.uuid()))));

    LegRecord open = write(new LegRecord(UUID.randomUUID().toString(), conversation(), alice.key(), null, "outbound",
        "alice", "447700900001", "phone", "ringing", T0, null, null, 0, null, null, "node-a"));
    JsonObject o = api().get("/v1/calls/" + open.uuid()).json();
    assertThat(o.getJsonObject("from")).isEqualTo(new JsonObject().put("type", "sip").put("user", "alice"));
    assertThat(o.getJsonObject("to")).isEqualTo(new JsonObject().put("type", "phone").put("number", "447700900001"));
    assertThat(o.getString("end_time")).isNull();
    assertThat(o.getString("duration")).isEqualTo("0");
    assertThat(o.getValue("sip_code")).isNull();
  }

  @Test
  void anotherAccountsLegIsNotFoundAndNeverListed() {
    String conv = conversation();
    LegRecord mine = write(leg(alice, conv, "answered", T0, true, false, "node-a"));
    problem(other().get("/v1/calls/" + mine.uuid()), 404);
    problem(other().put("/v1/calls/" + mine.uuid(), new JsonObject().put("action", "hangup")), 404);
    assertThat(other().get("/v1/calls?conversation_uuid=" + conv).json().getLong("count")).isZero();
    assertThat(uuids(other().get("/v1/calls?page_size=100").json())).doesNotContain(mine.uuid());
    assertThat(uuids(api().get("/v1/calls?conversation_uuid=" + conv).json())).containsExactly(mine.uuid());
    problem(api().get("/v1/calls/" + UUID.randomUUID()), 404);
    problem(api().get("/v1/calls/not-a-uuid"), 404);
    problem(api().anonymous().get("/v1/calls"), 401);
  }

  @Test
  void eachFilterSelectsItsLegs() {
    Account owner = account("calls-filters");
    ApiClient own = owner.client();
    String conv = conversation();
    LegRecord early = write(leg(owner, conv, "completed", T0, true, true, "node-a"));
    LegRecord middle = write(leg(owner, conv, "failed", T0.plusSeconds(60), false, true, "node-a"));
    LegRecord late = write(leg(owner, conversation(), "answered", T0.plusSeconds(120), true, false, "node-a"));

    assertThat(uuids(own.get("/v1/calls").json())).containsExactly(early.uuid(), middle.uuid(), late.uuid());
    assertThat(uuids(own.get("/v1/calls?order=desc").json())).containsExactly(late.uuid(), middle.uuid(), early.uuid());
    assertThat(uuids(own.get("/v1/calls?status=failed").json())).containsExactly(middle.uuid());
    assertThat(uuids(own.get("/v1/calls?status=answered").json())).containsExactly(late.uuid());
    assertThat(own.get("/v1/calls?status=timeout").json().getLong("count")).isZero();
    assertThat(uuids(own.get("/v1/calls?date_start=" + T0.plusSeconds(60)).json()))
        .containsExactly(middle.uuid(), late.uuid());
    assertThat(uuids(own.get("/v1/calls?date_end=" + T0.plusSeconds(60)).json()))
        .containsExactly(early.uuid(), middle.uuid());
    assertThat(uuids(own.get("/v1/calls?date_start=" + T0.plusSeconds(1) + "&date_end=" + T0.plusSeconds(119)).json()))
        .containsExactly(middle.uuid());
    String withOffset = T0.plusSeconds(60).atOffset(java.time.ZoneOffset.ofHours(2)).toString().replace("+", "%2B");
    assertThat(uuids(own.get("/v1/calls?date_start=" + withOffset).json())).containsExactly(middle.uuid(), late.uuid());
    assertThat(uuids(own.get("/v1/calls?conversation_uuid=" + conv).json())).containsExactly(early.uuid(), middle.uuid());
    JsonObject both = own.get("/v1/calls?conversation_uuid=" + conv + "&status=completed").json();
    assertThat(uuids(both)).containsExactly(early.uuid());
    assertThat(both.getJsonObject("_links").getJsonObject("self").getString("href")).isEqualTo(
        "/v1/calls?page_size=10&record_index=0&order=asc&status=completed&conversation_uuid=" + conv);
  }

  @Test
  void pagesByRecordIndex() {
    Account owner = account("calls-paging");
    ApiClient own = owner.client();
    List<String> all = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) all.add(write(leg(owner, conversation(), "completed", T0.plusSeconds(i), true, true, "n")).uuid());

    JsonObject first = own.get("/v1/calls?page_size=2").json();
    assertThat(first.getLong("count")).isEqualTo(5);
    assertThat(first.getInteger("page_size")).isEqualTo(2);
    assertThat(first.getLong("record_index")).isZero();
    assertThat(uuids(first)).isEqualTo(all.subList(0, 2));
    JsonObject links = first.getJsonObject("_links");
    assertThat(links.getJsonObject("next").getString("href")).isEqualTo("/v1/calls?page_size=2&record_index=2&order=asc");
    assertThat(links.getJsonObject("last").getString("href")).isEqualTo("/v1/calls?page_size=2&record_index=4&order=asc");
    assertThat(links.containsKey("prev")).isFalse();

    JsonObject last = own.get("/v1/calls?page_size=2&record_index=4").json();
    assertThat(uuids(last)).isEqualTo(all.subList(4, 5));
    assertThat(last.getJsonObject("_links").getJsonObject("prev").getString("href"))
        .isEqualTo("/v1/calls?page_size=2&record_index=2&order=asc");
    assertThat(last.getJsonObject("_links").containsKey("next")).isFalse();

    JsonObject past = own.get("/v1/calls?page_size=2&record_index=9").json();
    assertThat(past.getLong("count")).isEqualTo(5);
    assertThat(uuids(past)).isEmpty();
    assertThat(own.get("/v1/calls").json().getInteger("page_size")).isEqualTo(10);
  }

  @Test
  void badFilterValuesAreNamed() {
    Map<String, String> bad = Map.of(
        "status=bogus", "status",
        "date_start=yesterday", "date_start",
        "date_end=2026-01-01", "date_end",
        "date_start=2026-01-02T00:00:00Z&date_end=2026-01-01T00:00:00Z", "date_end",
        "page_size=0", "page_size",
        "page_size=101", "page_size",
        "record_index=-1", "record_index",
        "order=up", "order",
        "conversation_uuid=CON%20x", "conversation_uuid",
        "status=failed&status=busy", "status");
    bad.forEach((query, name) -> {
      ApiClient.Response r = api().get("/v1/calls?" + query);
      problem(r, 422);
      assertThat(r.invalidNames()).as(query).containsExactly(name);
    });
    assertThat(api().get("/v1/calls?status=x&order=y&page_size=z").invalidNames())
        .containsExactlyInAnyOrder("status", "order", "page_size");
  }

  @Test
  void hangupAsksTheOwningNodeAndAnswers204() {
    LegRecord leg = write(leg(alice, conversation(), "answered", T0, true, false, "node-hangup"));
    BlockingQueue<JsonObject> asked = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> node = vertx.eventBus().consumer(CallControl.address("node-hangup"), m -> {
      asked.add(m.body());
      m.reply(new JsonObject().put("result", CallControl.OK));
    });
    await(node.completion());
    try {
      ApiClient.Response r = api().put("/v1/calls/" + leg.uuid(), new JsonObject().put("action", "hangup"));
      assertThat(r.status()).as(r.toString()).isEqualTo(204);
      assertThat(r.body()).isEmpty();
      JsonObject message = asked.poll(5, TimeUnit.SECONDS);
      assertThat(CallControl.fromJson(message)).isEqualTo(new CallControl(leg.uuid(), CallControl.HANGUP));
      assertThat(api().get("/v1/calls/" + leg.uuid()).json().getString("status")).as("the node records the end")
          .isEqualTo("answered");
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    } finally {
      await(node.unregister());
    }
  }

  @Test
  void aLegItsNodeNoLongerKnowsIsClosedAsLostAnd409() {
    LegRecord leg = write(leg(alice, conversation(), "ringing", T0, false, false, "node-forgetful"));
    MessageConsumer<JsonObject> node = vertx.eventBus().consumer(CallControl.address("node-forgetful"),
        m -> m.reply(new JsonObject().put("result", CallControl.NOT_FOUND)));
    await(node.completion());
    try {
      JsonObject p = problem(api().put("/v1/calls/" + leg.uuid(), new JsonObject().put("action", "hangup")), 409);
      assertThat(p.getString("detail")).isEqualTo("the call has already ended");
      JsonObject closed = api().get("/v1/calls/" + leg.uuid()).json();
      assertThat(closed.getString("status")).isEqualTo("failed");
      assertThat(closed.getString("detail")).isEqualTo(CallRecords.LOST);
      assertThat(closed.getString("disconnected_by")).isEqualTo("platform");
      assertThat(closed.getString("end_time")).isNotNull();
      // the node's own last word, arriving late, replaces the gateway's inference
      write(new LegRecord(leg.uuid(), leg.conversationUuid(), leg.accountId(), leg.applicationId(), "inbound",
          leg.from(), leg.to(), "sip", "cancelled", T0, null, T0.plusSeconds(9), 487, null, null, "node-forgetful"));
      assertThat(api().get("/v1/calls/" + leg.uuid()).json().getString("status")).isEqualTo("cancelled");
    } finally {
      await(node.unregister());
    }
  }

  @Test
  void anUnreachableOrSilentNodeIs503AndTheRecordIsUnchanged() {
    LegRecord gone = write(leg(alice, conversation(), "answered", T0, true, false, "node-gone"));
    JsonObject p = problem(api().put("/v1/calls/" + gone.uuid(), new JsonObject().put("action", "hangup")), 503);
    assertThat(p.getString("detail")).contains("not reachable");
    assertThat(api().get("/v1/calls/" + gone.uuid()).json().getString("status")).isEqualTo("answered");

    LegRecord silent = write(leg(alice, conversation(), "answered", T0, true, false, "node-silent"));
    MessageConsumer<JsonObject> node = vertx.eventBus().consumer(CallControl.address("node-silent"), m -> { });
    await(node.completion());
    try {
      p = problem(api().put("/v1/calls/" + silent.uuid(), new JsonObject().put("action", "hangup")), 503);
      assertThat(p.getString("detail")).contains("did not answer within 2000 ms");
      assertThat(api().get("/v1/calls/" + silent.uuid()).json().getString("end_time")).isNull();
    } finally {
      await(node.unregister());
    }
  }

  @Test
  void anEndedLegIs409WithoutAskingAnyNode() {
    LegRecord leg = write(leg(alice, conversation(), "completed", T0, true, true, "node-ended"));
    BlockingQueue<JsonObject> asked = new LinkedBlockingQueue<>();
    MessageConsumer<JsonObject> node = vertx.eventBus().consumer(CallControl.address("node-ended"), m -> {
      asked.add(m.body());
      m.reply(new JsonObject().put("result", CallControl.OK));
    });
    await(node.completion());
    try {
      assertThat(problem(api().put("/v1/calls/" + leg.uuid(), new JsonObject().put("action", "hangup")), 409)
          .getString("detail")).isEqualTo("the call has already ended");
      assertThat(asked).isEmpty();
    } finally {
      await(node.unregister());
    }
  }

  @Test
  void onlyHangupIsSupported() {
    LegRecord leg = write(leg(alice, conversation(), "answered", T0, true, false, "node-a"));
    String path = "/v1/calls/" + leg.uuid();
    for (String action : List.of("mute", "unmute", "earmuff", "unearmuff", "transfer", "HANGUP")) {
      ApiClient.Response r = api().put(path, new JsonObject().put("action", action));
      JsonObject p = problem(r, 422);
      assertThat(r.invalidNames()).as(action).containsExactly("action");
      assertThat(p.getJsonArray("invalid_parameters").getJsonObject(0).getString("reason")).contains("hangup");
    }
    assertThat(api().put(path, new JsonObject()).invalidNames()).containsExactly("action");
    assertThat(api().put(path, new JsonObject().put("action", 1)).invalidNames()).containsExactly("action");
    problem(api().put(path, "not json"), 400);
    problem(api().put(path, "[]"), 400);
    problem(api().put("/v1/calls/" + UUID.randomUUID(), new JsonObject().put("action", "hangup")), 404);
    assertThat(api().get(path).json().getString("status")).isEqualTo("answered");
  }

  @Test
  void aRestartClosesTheOpenLegsThisNodeLeft() {
    LegRecord answered = write(leg(alice, conversation(), "answered", T0, true, false, CallRecords.STANDALONE_NODE));
    LegRecord ringing = write(leg(alice, conversation(), "ringing", T0, false, false, CallRecords.STANDALONE_NODE));
    LegRecord ended = write(leg(alice, conversation(), "completed", T0, true, true, CallRecords.STANDALONE_NODE));
    LegRecord elsewhere = write(leg(alice, conversation(), "answered", T0, true, false, "node-elsewhere"));

    await(gateway.stop());
    gateway = await(Gateway.start(vertx, TestConfigs.load(env)));
    recorder = new PgCallRecorder(gateway.database().pool());

    ApiClient fresh = alice.client();
    JsonObject a = fresh.get("/v1/calls/" + answered.uuid()).json();
    assertThat(a.getString("status")).isEqualTo("completed");
    assertThat(a.getString("detail")).isEqualTo(CallRecords.RESTART);
    assertThat(a.getString("disconnected_by")).isEqualTo("platform");
    assertThat(Long.parseLong(a.getString("duration"))).isGreaterThan(3600);
    JsonObject r = fresh.get("/v1/calls/" + ringing.uuid()).json();
    assertThat(r.getString("status")).isEqualTo("failed");
    assertThat(r.getString("detail")).isEqualTo(CallRecords.RESTART);
    assertThat(r.getString("end_time")).isNotNull();
    JsonObject e = fresh.get("/v1/calls/" + ended.uuid()).json();
    assertThat(e.getString("detail")).isNull();
    assertThat(e.getString("duration")).isEqualTo("42");
    assertThat(fresh.get("/v1/calls/" + elsewhere.uuid()).json().getString("end_time")).isNull();
  }
}
