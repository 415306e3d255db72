package io.psip.gateway.admission;

import io.psip.gateway.testing.AdmissionNode;
import io.psip.gateway.testing.AdmissionNode.Account;
import io.psip.gateway.testing.AdmissionNode.AppSpec;
import io.psip.gateway.testing.AppServer;
import io.psip.gateway.testing.AppServer.Recorded;
import io.psip.gateway.testing.AppServer.Reply;
import io.psip.gateway.testing.SipClient;
import io.psip.sip.message.SipResponse;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.psip.gateway.admission.SipAsserts.assertAdmitted;
import static io.psip.gateway.admission.SipAsserts.assertRefused;
import static io.psip.gateway.testing.AdmissionNode.domainHost;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the application does not answer well (CONTRACT §4, §6): one more try on 429/503/504 or a timeout, then the
 * fallback_answer_url twice with {@code reason} and {@code original_request}, exact attempt counts; the caller's 503
 * when everything fails and never a wait beyond the answer budget; 500 with a Warning naming the problem for an
 * invalid NCCO; media actions refused; {@code started} and {@code failed} events; and retransmitted INVITEs that
 * cause exactly one webhook call. Every case has an application and domain of its own.
 */
class AnswerFailureTest {
  /** The node's answer budget: short, so the budget case is fast; every other case finishes well within it. */
  private static final int BUDGET_MS = 2500;
  private static final AtomicInteger CASES = new AtomicInteger();

  private static AdmissionNode node;
  private static Account acme;

  @BeforeAll
  static void start() {
    node = AdmissionNode.start(AnswerFailureTest.class, Map.of("PSIP_WEBHOOK_ANSWER_BUDGET_MS", String.valueOf(BUDGET_MS)));
    acme = node.newAccount("acme");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  /** An application (GET answer and fallback, POST events, 300/1000 ms timeouts) and a domain admitting 127.0.0.1. */
  private record Case(String domain, AppSpec spec) {
    String answer() { return spec.answerPath(); }

    String fallback() { return spec.fallbackPath(); }

    String event() { return spec.eventPath(); }

    String uri() { return "sip:4420@" + domainHost(domain, "us"); }
  }

  private static Case newCase() { return newCase(AppSpec.get("/case" + (CASES.get() + 1))); }

  /** @param spec its prefix must be {@code /case<next number>} */
  private static Case newCase(AppSpec spec) {
    int n = CASES.incrementAndGet();
    String app = node.newApplication(acme, spec);
    String domain = "fail-case-" + n;
    node.newDomain(acme, domain, app, List.of("127.0.0.1/32"), false);
    return new Case(domain, spec);
  }

  private static SipResponse call(Case c) throws Exception {
    try (SipClient sip = SipClient.udp("127.0.0.1", node.udpPort())) {
      return sip.exchange(sip.invite(c.uri()));
    }
  }

  // ------------------------------------------------------------------ retries and the fallback

  @Test
  void twoUnavailableAnswersThenTheFallbacksNcco() throws Exception {
    Case c = newCase();
    node.app.script(c.answer(), Reply.status(503), Reply.status(503));
    node.app.always(c.fallback(), Reply.ncco(node.connectNcco()));

    assertAdmitted(call(c));

    assertThat(node.app.requests(c.answer())).hasSize(2);
    List<Recorded> fallback = node.app.requests(c.fallback());
    assertThat(fallback).hasSize(1);
    assertThat(node.app.requestsUnder(c.spec().prefix()).stream().filter(r -> !r.path().equals(c.event())))
        .as("3 webhook requests in all").hasSize(3);
    Recorded fb = fallback.get(0);
    assertThat(fb.param("reason")).contains("503");
    JsonObject original = new JsonObject(fb.param("original_request"));
    assertThat(original.getString("url")).isEqualTo(node.app.url(c.answer()));
    assertThat(original.getString("type")).isEqualTo("answer");
    Recorded first = node.app.requests(c.answer()).get(0);
    assertThat(fb.param("uuid")).isEqualTo(first.param("uuid"));
    assertThat(fb.param("to")).isEqualTo("4420");
    assertThat(fb.header("Authorization")).startsWith("Bearer ");
  }

  @Test
  void retryableStatusesAreTriedOnceMoreAtTheSameUrl() throws Exception {
    Case c = newCase();
    node.app.script(c.answer(), Reply.status(429), Reply.ncco(node.connectNcco()));
    assertAdmitted(call(c));
    assertThat(node.app.requests(c.answer())).hasSize(2);

    node.app.script(c.answer(), Reply.status(504), Reply.ncco(node.connectNcco()));
    assertAdmitted(call(c));
    assertThat(node.app.requests(c.answer())).hasSize(4);
    assertThat(node.app.requests(c.fallback())).isEmpty();
  }

  @Test
  void anotherErrorStatusIsNotRetriedButGoesToTheFallback() throws Exception {
    Case c = newCase();
    node.app.script(c.answer(), Reply.status(500));
    node.app.always(c.fallback(), Reply.ncco(node.connectNcco()));
    assertAdmitted(call(c));
    assertThat(node.app.requests(c.answer())).hasSize(1);
    assertThat(node.app.requests(c.fallback())).hasSize(1);
    assertThat(node.app.requests(c.fallback()).get(0).param("reason")).contains("500");
  }

  @Test
  void aRedirectIsNeverFollowed() throws Exception {
    Case c = newCase();
    node.app.always(c.answer(), Reply.redirect(node.app.url(c.spec().prefix() + "/moved")));
    node.app.always(c.spec().prefix() + "/moved", Reply.ncco(node.connectNcco()));
    node.app.always(c.fallback(), Reply.ncco(node.connectNcco()));
    assertAdmitted(call(c));
    assertThat(node.app.requests(c.spec().prefix() + "/moved")).as("the redirect target").isEmpty();
    assertThat(node.app.requests(c.answer())).hasSize(1);
    assertThat(node.app.requests(c.fallback())).hasSize(1);
    assertThat(node.app.requests(c.fallback()).get(0).param("reason")).contains("302");
  }

  @Test
  void anAnswerUrlInTheDenyListIsNeverCalled() throws Exception {
    // the cloud metadata address: refused before any connection (default webhook.deny), so the fallback answers
    int n = CASES.get() + 1;
    Case c = newCase(AppSpec.get("/case" + n).answerAt("http://169.254.169.254/latest/answer"));
    node.app.always(c.fallback(), Reply.ncco(node.connectNcco()));
    long t0 = System.nanoTime();
    assertAdmitted(call(c));
    assertThat((System.nanoTime() - t0) / 1_000_000).as("no 2 x 300 ms connect attempts").isLessThan(550L);
    List<Recorded> fallback = node.app.requests(c.fallback());
    assertThat(fallback).hasSize(1);
    assertThat(fallback.get(0).param("reason")).contains("deny list");
    assertThat(new JsonObject(fallback.get(0).param("original_request")).getString("url"))
        .isEqualTo("http://169.254.169.254/latest/answer");
  }

  @Test
  void anAnswerSlowerThanTheSocketTimeoutIsRetried() throws Exception {
    Case c = newCase();
    node.app.script(c.answer(), Reply.ncco(node.connectNcco()).delayed(1600), Reply.ncco(node.connectNcco()));
    long t0 = System.nanoTime();
    assertAdmitted(call(c));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(node.app.requests(c.answer())).hasSize(2);
    assertThat(node.app.requests(c.fallback())).isEmpty();
    assertThat(ms).as("socket_timeout 1000 ms, then the retry").isBetween(900L, (long) BUDGET_MS);
  }

  @Test
  void whenEverythingFailsTheCallerGets503AndTheEventUrlGetsFailed() throws Exception {
    Case c = newCase();
    node.app.always(c.answer(), Reply.status(503));
    node.app.always(c.fallback(), Reply.status(503));

    SipResponse r = call(c);
    assertRefused(r, 503, "503");

    assertThat(node.app.requests(c.answer())).as("answer_url twice").hasSize(2);
    assertThat(node.app.requests(c.fallback())).as("fallback_answer_url twice").hasSize(2);
    String uuid = node.app.requests(c.answer()).get(0).param("uuid");
    Recorded failed = node.app.awaitEvent(c.event(), "failed", Duration.ofSeconds(5));
    JsonObject e = failed.json();
    assertThat(e.getString("uuid")).isEqualTo(uuid);
    assertThat(e.getString("detail")).isNotBlank().contains("503");
    assertThat(e.getString("direction")).isEqualTo("inbound");
    assertThat(e.getString("timestamp")).isNotBlank();
    Recorded started = node.app.awaitEvent(c.event(), "started", Duration.ofSeconds(5));
    assertThat(started.json().getString("uuid")).isEqualTo(uuid);
    assertThat(node.app.events(c.event(), "failed")).hasSize(1);
  }

  @Test
  void theCallerNeverWaitsLongerThanTheAnswerBudget() throws Exception {
    Case c = newCase();
    // every attempt runs into the 1000 ms socket timeout: four attempts would take 4 s, the budget is 2.5 s
    node.app.always(c.answer(), Reply.ncco(node.connectNcco()).delayed(3000));
    node.app.always(c.fallback(), Reply.ncco(node.connectNcco()).delayed(3000));
    long t0 = System.nanoTime();
    SipResponse r = call(c);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertRefused(r, 503, "budget");
    // without the budget: 4 x 1000 ms socket timeouts, or the event bus giving up 2000 ms after the budget
    assertThat(ms).as("time to the final response").isLessThan(BUDGET_MS + 1000L);
    node.app.awaitEvent(c.event(), "failed", Duration.ofSeconds(5));
  }

  // ------------------------------------------------------------------ answers that are not usable NCCOs

  @Test
  void anInvalidNccoFailsTheCallWith500NamingTheProblem() throws Exception {
    Case c = newCase();
    node.app.always(c.answer(), Reply.ncco("[{\"action\":\"dance\",\"style\":\"tango\"}]"));
    SipResponse r = call(c);
    assertRefused(r, 500, "dance");
    assertThat(SipAsserts.warning(r)).containsIgnoringCase("invalid NCCO");
    assertThat(node.app.requests(c.answer())).hasSize(1);
    JsonObject failed = node.app.awaitEvent(c.event(), "failed", Duration.ofSeconds(5)).json();
    assertThat(failed.getString("detail")).contains("dance");
  }

  @Test
  void anAnswerThatIsNotAJsonArrayIs500() throws Exception {
    Case c = newCase();
    node.app.always(c.answer(), Reply.ncco("{\"action\":\"connect\"}"));
    SipResponse r = call(c);
    assertRefused(r, 500, "instead of an NCCO");
    assertThat(node.app.requests(c.answer())).as("a bad body is not retried").hasSize(1);
    assertThat(node.app.awaitEvent(c.event(), "failed", Duration.ofSeconds(5)).json().getString("detail"))
        .contains("NCCO");

    Case d = newCase();
    node.app.always(d.answer(), new Reply(200, "hello, not json", 0, "text/plain"));
    assertRefused(call(d), 500, "not JSON");
  }

  @Test
  void aTalkActionIsRefusedNamingTheMediaPlane() throws Exception {
    Case c = newCase();
    node.app.always(c.answer(), Reply.ncco("[{\"action\":\"talk\",\"text\":\"Hello\"}]"));
    SipResponse r = call(c);
    assertThat(r.status()).as("%s", r).isEqualTo(501);
    assertThat(SipAsserts.warning(r)).containsIgnoringCase("media");
    assertThat(node.app.awaitEvent(c.event(), "failed", Duration.ofSeconds(5)).json().getString("detail"))
        .containsIgnoringCase("media");
  }

  // ------------------------------------------------------------------ retransmissions

  @Test
  void retransmittedInvitesCauseExactlyOneWebhookCallAnd100TryingAtOnce() throws Exception {
    Case c = newCase();
    // slower than the retransmissions, well within the 1000 ms socket_timeout (a timeout would be retried)
    node.app.always(c.answer(), Reply.ncco(node.connectNcco()).delayed(600));
    try (SipClient sip = SipClient.udp("127.0.0.1", node.udpPort())) {
      String invite = sip.invite(c.uri()).text();
      long t0 = System.nanoTime();
      sip.send(invite);
      SipResponse trying = sip.receive(500);
      long tryingMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(trying.status()).isEqualTo(100);
      assertThat(tryingMs).as("100 Trying at once, not after the application's 600 ms").isLessThan(400L);

      List<SipResponse> more = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Thread.sleep(100); // the retransmission interval itself, not a synchronisation
        sip.send(invite);
        more.add(sip.receive(500));
      }
      assertThat(more).as("each retransmission gets the last provisional again").extracting(SipResponse::status)
          .containsOnly(100);

      SipResponse fin;
      do {
        fin = sip.receive();
      } while (!fin.isFinal());
      assertAdmitted(fin);
      // a retransmission after the final response gets that response again, not a new call
      sip.send(invite);
      SipResponse again = sip.receive();
      assertThat(again.status()).isEqualTo(fin.status());
      sip.send(SipClient.ackFor(invite, fin));
    }
    List<Recorded> answers = node.app.requests(c.answer());
    assertThat(answers).as("answer webhook calls").hasSize(1);
    String uuid = answers.get(0).param("uuid");
    node.app.awaitEvent(c.event(), "started", Duration.ofSeconds(5));
    assertThat(node.app.events(c.event(), "started").stream()
        .filter(e -> "inbound".equals(e.json().getString("direction"))))
        .as("started events of the inbound leg").hasSize(1)
        .allSatisfy(e -> assertThat(e.json().getString("uuid")).isEqualTo(uuid));
  }

  @Test
  void aCancelWhileTheApplicationThinksEndsTheCallWith487AndNoLeg() throws Exception {
    Case c = newCase();
    node.app.always(c.answer(), Reply.ncco(node.connectNcco()).delayed(400));
    int legsBefore = node.endpoint.invites().size();
    try (SipClient sip = SipClient.udp("127.0.0.1", node.udpPort())) {
      SipClient.Request invite = sip.invite(c.uri());
      String text = invite.text();
      sip.send(text);
      assertThat(sip.receive().status()).isEqualTo(100);
      node.app.await(c.answer(), 1, Duration.ofSeconds(2));
      // CANCEL: the INVITE's Via (branch), Call-ID, From, To and CSeq number (RFC 3261 §9.1)
      String cancel = text.substring(0, text.indexOf("Content-Length"))
          .replaceFirst("^INVITE ", "CANCEL ").replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL")
          .replaceAll("(?m)^Contact:.*\r\n", "") + "Content-Length: 0\r\n\r\n";
      sip.send(cancel);
      SipResponse a = sip.receive();
      SipResponse b = sip.receive();
      SipResponse cancelled = a.cseq().method().equals("INVITE") ? a : b;
      SipResponse cancelOk = a == cancelled ? b : a;
      assertThat(cancelOk.status()).as("%s", cancelOk).isEqualTo(200);
      assertThat(cancelOk.cseq().method()).isEqualTo("CANCEL");
      assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(487);
      sip.send(SipClient.ackFor(text, cancelled));
      // once the application's answer comes in (400 ms), nothing more reaches the caller or the endpoint
      assertThat(sip.poll(800)).as("nothing after the 487").isNull();
    }
    assertThat(node.endpoint.invites()).as("no new leg for a cancelled call").hasSize(legsBefore);
    assertThat(node.app.requests(c.answer())).hasSize(1);
  }
}
