package io.psip.webhook;

import io.psip.bus.AnswerReply;
import io.psip.directory.ApplicationEntry.Webhook;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static io.psip.webhook.AppServer.json;
import static io.psip.webhook.AppServer.ncco;
import static io.psip.webhook.AppServer.redirect;
import static io.psip.webhook.AppServer.silent;
import static io.psip.webhook.AppServer.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Retries, fallback and the answer's outcome, counted in HTTP attempts (vonage-psip.md §3.5/§3.6). */
class AnswerRetryTest extends WebhookFixture {
  private static final String NCCO = "[{\"action\":\"talk\",\"text\":\"hi\"}]";

  @Test
  void twoServiceUnavailableThenTheFallbackAnswersInThreeAttempts() {
    application(get(app.url("/answer")), post(app.url("/fallback")), null);
    app.on("/answer", status(503), status(503)).on("/fallback", ncco(NCCO));

    AnswerReply reply = answer();

    assertThat(reply).isEqualTo(new AnswerReply.Ncco(new JsonArray(NCCO), app.url("/fallback"), 3));
    assertThat(app.received("/answer")).hasSize(2);
    JsonObject sent = app.received("/fallback").get(0).body().toJsonObject();
    assertThat(sent.getString("reason")).isEqualTo("HTTP 503");
    assertThat(sent.getJsonObject("original_request"))
        .isEqualTo(new JsonObject().put("url", app.url("/answer")).put("type", "answer"));
    assertThat(sent.getString("uuid")).isEqualTo(params().getString("uuid")); // the original fields too
    assertThat(verticle.stats().answersOk()).isEqualTo(1);
    assertThat(verticle.stats().answerAttempts()).isEqualTo(3);
  }

  @Test
  void aGetFallbackCarriesOriginalRequestAsJsonTextInTheQuery() {
    application(get(app.url("/answer")), get(app.url("/fallback?k=v")), null);
    app.on("/answer", status(500)).on("/fallback", ncco(NCCO));

    assertThat(answer()).isInstanceOf(AnswerReply.Ncco.class);

    var fallback = app.received("/fallback").get(0);
    assertThat(fallback.params().get("k")).isEqualTo("v");
    assertThat(fallback.params().get("reason")).isEqualTo("HTTP 500");
    assertThat(new JsonObject(fallback.params().get("original_request")))
        .isEqualTo(new JsonObject().put("url", app.url("/answer")).put("type", "answer"));
  }

  @Test
  void tooManyRequestsIsRetriedOnTheSameUrl() {
    application(get(app.url("/answer")), post(app.url("/fallback")), null);
    app.on("/answer", status(429), ncco(NCCO));

    assertThat(answer()).isEqualTo(new AnswerReply.Ncco(new JsonArray(NCCO), app.url("/answer"), 2));
    assertThat(app.received("/fallback")).isEmpty();
  }

  @Test
  void notFoundGoesStraightToTheFallback() {
    application(get(app.url("/answer")), post(app.url("/fallback")), null);
    app.on("/answer", status(404)).on("/fallback", ncco(NCCO));

    assertThat(answer()).isEqualTo(new AnswerReply.Ncco(new JsonArray(NCCO), app.url("/fallback"), 2));
    assertThat(app.received("/answer")).hasSize(1);
  }

  @Test
  void connectionRefusedIsRetriedThenTheFallbackAnswers() {
    String refused = "http://127.0.0.1:" + closedPort() + "/answer";
    application(get(refused), post(app.url("/fallback")), null);
    app.on("/fallback", ncco(NCCO));

    assertThat(answer()).isEqualTo(new AnswerReply.Ncco(new JsonArray(NCCO), app.url("/fallback"), 3));
    assertThat(app.received("/fallback").get(0).body().toJsonObject().getString("reason")).isEqualTo("connection refused");
  }

  @Test
  void aSilentServerTimesOutTwiceOnItsSocketTimeout() {
    application(new Webhook(app.url("/answer"), "GET", 1000, 1000), post(app.url("/fallback")), null);
    app.on("/answer", silent()).on("/fallback", ncco(NCCO));

    long start = System.nanoTime();
    AnswerReply reply = answer();
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertThat(reply).isEqualTo(new AnswerReply.Ncco(new JsonArray(NCCO), app.url("/fallback"), 3));
    assertThat(app.received("/answer")).hasSize(2);
    assertThat(app.received("/fallback").get(0).body().toJsonObject().getString("reason"))
        .isEqualTo("no response within 1000 ms");
    assertThat(ms).isBetween(1900L, 4000L);
  }

  @Test
  void everythingFailingIsA503AfterFourAttempts() {
    application(get(app.url("/answer")), get(app.url("/fallback")), null);
    app.on("/answer", status(503)).on("/fallback", status(504));

    assertThat(answer()).isEqualTo(new AnswerReply.Failed(503, "fallback_answer_url: HTTP 504", 4));
    assertThat(verticle.stats().answersFailed()).isEqualTo(1);
    assertThat(verticle.stats().answerAttempts()).isEqualTo(4);
  }

  @Test
  void withoutAFallbackTheLastFailureIsReported() {
    application(get(app.url("/answer")), null, null);
    app.on("/answer", status(503));

    assertThat(answer()).isEqualTo(new AnswerReply.Failed(503, "answer_url: HTTP 503", 2));
  }

  @Test
  void aBodyThatIsNotAnArrayIsA500() {
    application(get(app.url("/answer")), null, null);
    app.on("/answer", json(200, "{\"action\":\"talk\"}"));

    assertThat(answer()).isEqualTo(new AnswerReply.Failed(500,
        "answer_url returned a JSON object instead of an NCCO (JSON array)", 1));
  }

  @Test
  void aBodyThatIsNotJsonTriesTheFallbackAndStaysA500WhenItFailsToo() {
    application(get(app.url("/answer")), get(app.url("/fallback")), null);
    app.on("/answer", AppServer.body(200, "text/html", Buffer.buffer("<html>oops</html>")))
        .on("/fallback", status(503));

    assertThat(answer()).isEqualTo(new AnswerReply.Failed(500,
        "answer_url returned a body that is not JSON (text/html) instead of an NCCO (JSON array)", 3));
    assertThat(app.received("/fallback").get(0).params().get("reason"))
        .isEqualTo("answer_url returned a body that is not JSON (text/html) instead of an NCCO (JSON array)");
  }

  @Test
  void aRedirectIsNotFollowed() {
    application(get(app.url("/answer")), post(app.url("/fallback")), null);
    app.on("/answer", redirect(app.url("/elsewhere"))).on("/elsewhere", ncco(NCCO)).on("/fallback", ncco("[]"));

    assertThat(answer()).isEqualTo(new AnswerReply.Ncco(new JsonArray(), app.url("/fallback"), 2));
    assertThat(app.received("/elsewhere")).isEmpty();
    assertThat(app.received("/fallback").get(0).body().toJsonObject().getString("reason"))
        .isEqualTo("HTTP 302 (redirects are not followed)");
  }

  @Test
  void anAnswerLargerThanTheCapIsAFailureNotRetried() {
    deploy(new WebhookOptions().setMaxAnswerBytes(1024));
    application(get(app.url("/answer")), null, null);
    String big = "[" + "{\"action\":\"talk\",\"text\":\"x\"},".repeat(100) + "{}]";
    app.on("/answer", ncco(big));

    AnswerReply reply = answer();

    assertThat(reply).isInstanceOf(AnswerReply.Failed.class);
    assertThat(((AnswerReply.Failed) reply).detail()).isEqualTo("answer_url: a body of " + big.length()
        + " bytes exceeds the limit of 1024");
    assertThat(((AnswerReply.Failed) reply).attempts()).isEqualTo(1);
  }

  @Test
  void aLargeErrorPageIsStillItsStatus() {
    deploy(new WebhookOptions().setMaxAnswerBytes(1024));
    application(get(app.url("/answer")), null, null);
    app.on("/answer", AppServer.body(503, "text/html", Buffer.buffer("x".repeat(5000))));

    assertThat(answer()).isEqualTo(new AnswerReply.Failed(503, "answer_url: HTTP 503", 2));
  }

  @Test
  void theBudgetCutsARunningAttempt() {
    application(get(app.url("/answer")), get(app.url("/fallback")), null);
    app.on("/answer", silent());

    long start = System.nanoTime();
    AnswerReply reply = answer(params(), 300);
    long ms = (System.nanoTime() - start) / 1_000_000;

    assertThat(reply).isEqualTo(new AnswerReply.Failed(503, "answer budget of 300 ms spent", 1));
    assertThat(ms).isLessThan(1000);
    assertThat(app.received("/fallback")).isEmpty();
  }

  @Test
  void noApplicationOrNoAnswerUrlIsA503WithoutAnyRequest() {
    assertThat(answer()).isEqualTo(new AnswerReply.Failed(503, "application app-1 is not known to this node", 0));
    application(null, post(app.url("/fallback")), null);
    assertThat(answer()).isEqualTo(new AnswerReply.Failed(503, "application app-1 has no answer_url", 0));
    assertThat(app.all()).isEmpty();
  }

  @Test
  void aMalformedRequestGetsA503Reply() {
    assertThat(answer(new JsonObject().put("application_id", APP_ID)))
        .isEqualTo(new AnswerReply.Failed(503,
            "malformed answer request: an answer request needs application_id, account_id, params and budget_ms", 0));
    assertThat(answer("not json")).isInstanceOf(AnswerReply.Failed.class);
    assertThat(verticle.stats().answersFailed()).isEqualTo(2);
  }

  @Test
  void consecutiveAnswersReuseOneConnection() {
    application(post(app.url("/answer")), null, null);
    app.on("/answer", ncco(NCCO));

    for (int i = 0; i < 4; i++) assertThat(answer()).isInstanceOf(AnswerReply.Ncco.class);

    assertThat(app.received("/answer")).extracting(AppServer.Received::remotePort).containsOnly(
        app.received("/answer").get(0).remotePort());
  }
}
