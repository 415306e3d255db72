package io.psip.webhook;

import io.psip.bus.AnswerReply;
import io.psip.bus.CallEvent;
import io.psip.directory.ApplicationEntry.Webhook;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;

import static io.psip.webhook.AppServer.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Events (CONTRACT §6): delivered signed, retried like answers, failures counted and logged, never thrown. */
class EventWebhookTest extends WebhookFixture {
  private static JsonObject ringing() {
    return new JsonObject().put("uuid", "leg-1").put("conversation_uuid", "CON-1").put("from", "a").put("to", "b")
        .put("direction", "inbound").put("status", "ringing").put("timestamp", "2026-01-01T12:00:00.000Z");
  }

  @Test
  void anEventIsPostedSignedToTheEventUrl() throws Exception {
    application(get(app.url("/answer")), null, new Webhook(app.url("/event"), null, 1000, 2000));
    app.on("/event", status(204));

    event(new CallEvent(APP_ID, API_KEY, null, null, ringing()));

    AppServer.Received r = app.awaitReceived("/event", 1).get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.body().toJsonObject()).isEqualTo(ringing());
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body().getBytes()));
    String token = r.headers().get("Authorization").substring(7);
    JsonObject claims = new JsonObject(io.vertx.core.buffer.Buffer.buffer(
        java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])));
    assertThat(claims.getString("payload_hash")).isEqualTo(hash); // the full verification is in AnswerRequestTest
    eventually(() -> verticle.stats().eventsSent() == 1);
  }

  @Test
  void serviceUnavailableIsTriedTwiceThenCountedAsFailed() throws Exception {
    application(get(app.url("/answer")), null, post(app.url("/event")));
    app.on("/event", status(503));

    event(new CallEvent(APP_ID, API_KEY, null, null, ringing()));

    eventually(() -> verticle.stats().eventsFailed() == 1);
    assertThat(app.received("/event")).hasSize(2);
    assertThat(verticle.stats().eventAttempts()).isEqualTo(2);
  }

  @Test
  void aNonSuccessStatusIsNotRetriedAndOnlyTwoHundredToTwoHundredFiveCount() throws Exception {
    application(get(app.url("/answer")), null, post(app.url("/event")));
    app.on("/event", status(206));

    event(new CallEvent(APP_ID, API_KEY, null, null, ringing()));

    eventually(() -> verticle.stats().eventsFailed() == 1);
    assertThat(app.received("/event")).hasSize(1);
  }

  @Test
  void anUnreachableEventUrlFailsQuietly() throws Exception {
    application(get(app.url("/answer")), null, post("http://127.0.0.1:" + closedPort() + "/event"));

    event(new CallEvent(APP_ID, API_KEY, null, null, ringing()));

    eventually(() -> verticle.stats().eventsFailed() == 1);
    assertThat(verticle.stats().eventAttempts()).isEqualTo(2);
  }

  @Test
  void anNccoEventUrlOverridesTheApplicationsAndMayBeGet() throws Exception {
    application(get(app.url("/answer")), null, post(app.url("/event")));
    app.on("/ncco-event", status(200));

    event(new CallEvent(APP_ID, API_KEY, app.url("/ncco-event?x=1"), "GET", ringing()));

    AppServer.Received r = app.awaitReceived("/ncco-event", 1).get(0);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.params().get("x")).isEqualTo("1");
    assertThat(r.params().get("status")).isEqualTo("ringing");
    assertThat(r.params().get("timestamp")).isEqualTo("2026-01-01T12:00:00.000Z");
    assertThat(app.received("/event")).isEmpty();
  }

  @Test
  void withoutAnEventUrlTheEventIsDropped() throws Exception {
    application(get(app.url("/answer")), null, null);

    event(new CallEvent(APP_ID, API_KEY, null, null, ringing()));
    vertx.eventBus().send(io.psip.bus.WebhookAddresses.EVENT, new JsonObject().put("nonsense", true));

    eventually(() -> verticle.stats().eventsDropped() == 2);
    assertThat(app.all()).isEmpty();
  }

  @Test
  void aCallsEventsArriveInTheOrderTheyWereSentEvenWhenAnEarlierOneIsSlow() throws Exception {
    application(get(app.url("/answer")), null, post(app.url("/event")));
    app.on("/event", AppServer.delayed(vertx, 300, status(200)));

    for (String status : new String[] {"started", "ringing", "answered", "completed"}) {
      event(new CallEvent(APP_ID, API_KEY, null, null, ringing().put("status", status)));
    }

    assertThat(app.awaitReceived("/event", 4)).extracting(r -> r.body().toJsonObject().getString("status"))
        .containsExactly("started", "ringing", "answered", "completed");
  }

  @Test
  void slowEventsNeverHoldUpAnAnswer() throws Exception {
    deploy(new WebhookOptions().setMaxPoolSize(1));
    application(get(app.url("/answer")), null, post(app.url("/event")));
    app.on("/event", AppServer.delayed(vertx, 3_000, status(204)));
    app.on("/answer", AppServer.ncco("[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"phone\",\"number\":\"447700900000\"}]}]"));
    for (int i = 0; i < 3; i++) event(new CallEvent(APP_ID, API_KEY, null, null, ringing().put("uuid", "leg-" + i)));
    app.awaitReceived("/event", 1); // the one event connection is busy for 3 s, two more events wait for it

    long start = System.nanoTime();
    AnswerReply reply = answer();
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertThat(reply).isInstanceOf(AnswerReply.Ncco.class);
    assertThat(ms).as("the answer had its own connection").isLessThan(2_000);
    assertThat(verticle.stats().eventsSent()).as("the events were still in flight").isZero();
  }

  @Test
  void anEventsAnswerMayCarryAnNcco() throws Exception {
    application(get(app.url("/answer")), null, post(app.url("/event")));
    app.on("/notify", AppServer.ncco("[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"phone\",\"number\":\"447700900000\"}]}]"));
    app.on("/plain", status(204));

    JsonObject withNcco = Await.await(vertx.eventBus().<JsonObject>request(io.psip.bus.WebhookAddresses.EVENT_NCCO,
        new CallEvent(APP_ID, API_KEY, app.url("/notify"), "POST", new JsonObject().put("foo", "bar")).toJson())).body();
    io.psip.bus.AnswerReply reply = io.psip.bus.AnswerReply.fromJson(withNcco);
    assertThat(reply).isInstanceOf(io.psip.bus.AnswerReply.Ncco.class);
    assertThat(((io.psip.bus.AnswerReply.Ncco) reply).ncco().getJsonObject(0).getString("action")).isEqualTo("connect");
    assertThat(app.awaitReceived("/notify", 1).get(0).body().toJsonObject()).isEqualTo(new JsonObject().put("foo", "bar"));

    JsonObject without = Await.await(vertx.eventBus().<JsonObject>request(io.psip.bus.WebhookAddresses.EVENT_NCCO,
        new CallEvent(APP_ID, API_KEY, app.url("/plain"), "POST", new JsonObject()).toJson())).body();
    assertThat(io.psip.bus.AnswerReply.fromJson(without)).isInstanceOf(io.psip.bus.AnswerReply.Failed.class);
  }

  @Test
  void aNotifyPayloadKeepsItsCallsOrderAndOtherCallsDoNotWaitForIt() throws Exception {
    application(get(app.url("/answer")), null, post(app.url("/event")));
    app.on("/event", AppServer.delayed(vertx, 400, status(200)));
    app.on("/other", status(200));

    event(new CallEvent(APP_ID, API_KEY, null, null, ringing().put("status", "started"))); // CON-1, slow
    event(new CallEvent(APP_ID, API_KEY, app.url("/event"), "POST", new JsonObject().put("step", "notify"), "CON-1"));
    event(new CallEvent(APP_ID, API_KEY, app.url("/other"), "POST", new JsonObject().put("step", "other"), "CON-2"));

    assertThat(app.awaitReceived("/event", 2)).extracting(r -> r.body().toJsonObject().getString("status",
        r.body().toJsonObject().getString("step"))).containsExactly("started", "notify");
    AppServer.Received other = app.awaitReceived("/other", 1).get(0);
    assertThat(other.body().toJsonObject().getString("step")).isEqualTo("other");
  }

  @Test
  void theSenderHearsWhenADeliveryIsOver() throws Exception {
    application(get(app.url("/answer")), null, post(app.url("/event")));
    app.on("/event", status(503));

    JsonObject reply = Await.await(vertx.eventBus().<JsonObject>request(io.psip.bus.WebhookAddresses.EVENT,
        new CallEvent(APP_ID, API_KEY, null, null, ringing()).toJson())).body();

    assertThat(reply.getString("outcome")).isEqualTo("failed");
    assertThat(app.received("/event")).as("both attempts made before the reply").hasSize(2);
  }
}
