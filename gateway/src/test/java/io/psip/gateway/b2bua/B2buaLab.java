package io.psip.gateway.b2bua;

import io.psip.call.CallRegistry;
import io.psip.gateway.testing.AdmissionNode;
import io.psip.gateway.testing.AppServer;
import io.psip.gateway.testing.Waits;
import io.psip.sip.stack.SipStack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A psip node for B2BUA scenarios: {@link AdmissionNode} (in-process gateway, real HTTP application, provisioning
 * through the admin API) with short SIP timers ({@value #T1_MS} ms T1), one account, one application whose events are
 * POSTed to the {@link AppServer}, and the domain {@value #DOMAIN} admitting 127.0.0.1 by ACL. Calls are told apart by
 * their caller's From user: the answer webhook names it next to the call's conversation_uuid, and every event and
 * record of the call carries that.
 */
final class B2buaLab implements AutoCloseable {
  static final long T1_MS = 50;
  static final String DOMAIN = "b2bua";
  static final Duration WAIT = Duration.ofSeconds(5);
  private static final AtomicInteger CALLERS = new AtomicInteger();

  final AdmissionNode node;
  final AppServer app;
  final AdmissionNode.Account account;
  final AdmissionNode.AppSpec spec = AdmissionNode.AppSpec.get("/b2b");
  final String applicationId;

  private B2buaLab(Class<?> owner, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("PSIP_SIP_T1_MS", String.valueOf(T1_MS));
    all.put("PSIP_SIP_T2_MS", String.valueOf(8 * T1_MS));
    all.put("PSIP_SIP_T4_MS", String.valueOf(5 * T1_MS));
    node = AdmissionNode.start(owner, all);
    app = node.app;
    account = node.newAccount("b2bua");
    applicationId = node.newApplication(account, spec);
    node.newDomain(account, DOMAIN, applicationId, List.of("127.0.0.1/32"), false);
  }

  static B2buaLab start(Class<?> owner, Map<String, String> env) { return new B2buaLab(owner, env); }

  int sipPort() { return node.udpPort(); }

  /** {@code sip:<user>@b2bua.sip-us.psip.test} */
  static String requestUri(String user) { return "sip:" + user + '@' + AdmissionNode.domainHost(DOMAIN, "us"); }

  /** A From user no other call of this JVM uses. */
  static String newCaller() { return "alice" + CALLERS.incrementAndGet(); }

  /** The application's answer to the next call. */
  void answerWith(JsonArray ncco) { app.script(spec.answerPath(), AppServer.Reply.ncco(ncco.encode())); }

  String url(String path) { return app.url(spec.prefix() + path); }

  /** A {@code connect} to a SIP URI; {@code options} are merged into the action. */
  static JsonObject connectSip(String uri, JsonObject options) {
    JsonObject c = new JsonObject().put("action", "connect")
        .put("endpoint", new JsonArray().add(new JsonObject().put("type", "sip").put("uri", uri)));
    options.forEach(e -> c.put(e.getKey(), e.getValue()));
    return c;
  }

  /** A {@code connect} to a phone number (through {@code outbound.trunk}). */
  static JsonObject connectPhone(String number) {
    return new JsonObject().put("action", "connect")
        .put("endpoint", new JsonArray().add(new JsonObject().put("type", "phone").put("number", number)));
  }

  static JsonArray ncco(JsonObject... actions) {
    JsonArray a = new JsonArray();
    for (JsonObject o : actions) a.add(o);
    return a;
  }

  // ---------------------------------------------------------------- events and records

  /** The conversation of the call whose caller is {@code fromUser}, from its answer webhook. */
  String conversation(String fromUser) {
    Waits.until(() -> answerTo(fromUser) != null, WAIT, () -> "no answer webhook for a call from " + fromUser);
    return answerTo(fromUser).param("conversation_uuid");
  }

  private AppServer.Recorded answerTo(String fromUser) {
    return app.requests(spec.answerPath()).stream().filter(r -> fromUser.equals(r.param("from"))).findFirst()
        .orElse(null);
  }

  /** The events of a conversation as the application received them (any path under the app's prefix), in order. */
  List<JsonObject> events(String conversation) {
    List<JsonObject> out = new ArrayList<>();
    for (AppServer.Recorded r : app.requestsUnder(spec.prefix())) {
      if (!r.method().equals("POST")) continue;
      JsonObject body;
      try {
        body = r.json();
      } catch (RuntimeException notJson) {
        continue;
      }
      if (conversation.equals(body.getString("conversation_uuid")) && body.containsKey("status")) out.add(body);
    }
    return out;
  }

  /** Waits until both legs (or only {@code directions}) reported a final status, then returns the events. */
  List<JsonObject> awaitEnd(String conversation, String... directions) {
    List<String> wanted = directions.length == 0 ? List.of("inbound", "outbound") : List.of(directions);
    Predicate<List<JsonObject>> done = events -> wanted.stream().allMatch(d -> events.stream().anyMatch(e ->
        d.equals(e.getString("direction")) && FINAL.contains(e.getString("status"))));
    Waits.until(() -> done.test(events(conversation)), WAIT,
        () -> "the legs of " + conversation + " did not end; events " + events(conversation));
    return events(conversation);
  }

  static final List<String> FINAL = List.of("completed", "busy", "cancelled", "unanswered", "rejected", "failed");

  static List<String> statuses(List<JsonObject> events, String direction) {
    return events.stream().filter(e -> direction.equals(e.getString("direction"))).map(e -> e.getString("status"))
        .toList();
  }

  /** The one event of {@code direction} with {@code status}. */
  static JsonObject event(List<JsonObject> events, String direction, String status) {
    List<JsonObject> found = events.stream()
        .filter(e -> direction.equals(e.getString("direction")) && status.equals(e.getString("status"))).toList();
    assertThat(found).as("%s %s events in %s", direction, status, events).hasSize(1);
    return found.get(0);
  }

  /** {@code GET /v1/calls?conversation_uuid=…} as the account: the legs of the conversation. */
  List<JsonObject> records(String conversation) {
    AdmissionNode.ApiResponse r = node.api("GET", "/v1/calls?page_size=100&conversation_uuid=" + conversation, null,
        account.apiKey(), account.apiSecret());
    assertThat(r.status()).as("GET /v1/calls: %s", r.body()).isEqualTo(200);
    JsonArray calls = r.json().getJsonObject("_embedded").getJsonArray("calls");
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) out.add(calls.getJsonObject(i));
    return out;
  }

  /**
   * Waits until the records of the conversation hold exactly the legs of {@code events} with each leg's last
   * status, then checks directions, parties and codes against the events.
   */
  List<JsonObject> assertRecordsMatch(String conversation, List<JsonObject> events) {
    Map<String, JsonObject> last = new HashMap<>();
    for (JsonObject e : events) last.put(e.getString("uuid"), e);
    Waits.until(() -> {
      List<JsonObject> records = records(conversation);
      return records.size() == last.size() && records.stream().allMatch(r -> last.containsKey(r.getString("uuid"))
          && last.get(r.getString("uuid")).getString("status").equals(r.getString("status")));
    }, WAIT, () -> "records " + records(conversation) + " do not match the events " + events);
    List<JsonObject> records = records(conversation);
    for (JsonObject r : records) {
      JsonObject e = last.get(r.getString("uuid"));
      assertThat(r.getString("direction")).isEqualTo(e.getString("direction"));
      assertThat(r.getString("conversation_uuid")).isEqualTo(conversation);
      assertThat(party(r.getJsonObject("from"))).as("from of %s", r).isEqualTo(e.getString("from"));
      assertThat(party(r.getJsonObject("to"))).as("to of %s", r).isEqualTo(e.getString("to"));
      if (e.containsKey("sip_code")) assertThat(r.getInteger("sip_code")).isEqualTo(e.getInteger("sip_code"));
      if (e.containsKey("disconnected_by")) {
        assertThat(r.getString("disconnected_by")).isEqualTo(e.getString("disconnected_by"));
      }
      if (e.containsKey("detail")) assertThat(r.getString("detail")).isEqualTo(e.getString("detail"));
      assertThat(r.getString("end_time")).as("end_time of %s", r).isNotNull();
    }
    return records;
  }

  /** A Vonage endpoint object back to the party string psip reported in events. */
  private static String party(JsonObject endpoint) {
    if (endpoint == null) return null;
    if (endpoint.containsKey("uri")) return endpoint.getString("uri");
    if (endpoint.containsKey("number")) return endpoint.getString("number");
    return endpoint.getString("user");
  }

  // ---------------------------------------------------------------- leaks

  /**
   * Nothing left behind: no call, dialog or leg in the registry, no transaction, pending ACK or timer in the stack.
   * Every SIP timer is at most 64*T1 long, so anything still there after 64*T1 (and scheduling slack) leaked.
   */
  void assertNothingLeft() {
    CallRegistry registry = node.gateway.calls().registry();
    SipStack.SipStackStats[] last = new SipStack.SipStackStats[1];
    Waits.until(() -> {
      last[0] = stats();
      return registry.activeCalls() == 0 && registry.dialogs() == 0 && registry.legs() == 0
          && last[0].serverTransactions() == 0 && last[0].clientTransactions() == 0 && last[0].pendingAcks() == 0
          && last[0].timers() == 0;
    }, Duration.ofMillis(64 * T1_MS + 2000), () -> "left behind: calls " + registry.activeCalls() + ", dialogs "
        + registry.dialogs() + ", legs " + registry.legs() + ", stack " + last[0]);
  }

  private SipStack.SipStackStats stats() {
    try {
      return node.gateway.sipStats().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the SIP stack's counts", e);
    }
  }

  @Override
  public void close() throws Exception { node.close(); }
}
