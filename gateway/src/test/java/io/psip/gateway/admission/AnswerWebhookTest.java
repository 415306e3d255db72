package io.psip.gateway.admission;

import io.psip.gateway.testing.AdmissionNode;
import io.psip.gateway.testing.AdmissionNode.Account;
import io.psip.gateway.testing.AdmissionNode.AppSpec;
import io.psip.gateway.testing.AppServer;
import io.psip.gateway.testing.AppServer.Recorded;
import io.psip.gateway.testing.SipClient;
import io.psip.gateway.testing.Waits;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.psip.gateway.admission.SipAsserts.assertAdmitted;
import static io.psip.gateway.testing.AdmissionNode.domainHost;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer webhook as the application receives it (CONTRACT §4): every field, {@code SipHeader_X-…} for X- headers
 * (name as received, repeated ones joined with ','), never an {@code X-Nexmo…} header in any case, GET as a query
 * string and POST as JSON, the HS256 JWT with the account's signature secret, and the {@code started} event.
 */
class AnswerWebhookTest {
  private static AdmissionNode node;
  private static Account acme;
  private static Account other;
  private static String getApp;
  private static String postApp;

  /** Custom headers as a PBX sends them; the X-Nexmo ones (any case) must never reach the application. */
  private static final String[] CUSTOM = {
      "X-Acme-Ref: 42",
      "X-Multi: a",
      "x-lower-case: v",
      "X-Nexmo-Trace: secret-1",
      "X-Multi: b",
      "x-nexmo-foo: secret-2",
      "X-NEXMO-Bar: secret-3",
      "X-NexmoLike: secret-4",
      "X-Spaces: a b & c+d=e%20",
      "User-to-User: 56a390f3d2b7310023a2;encoding=hex",
      "Subject: not custom"};

  @BeforeAll
  static void start() {
    node = AdmissionNode.start(AnswerWebhookTest.class, Map.of());
    acme = node.newAccount("acme");
    other = node.newAccount("other");
    getApp = node.newApplication(acme, AppSpec.get("/get"));
    postApp = node.newApplication(acme, AppSpec.get("/post").method("POST"));
    String unsignedApp = node.newApplication(acme, AppSpec.get("/unsigned").unsigned());
    for (String p : List.of("/get", "/post", "/unsigned")) node.app.always(p + "/answer", AppServer.Reply.ncco(node.connectNcco()));
    node.newDomain(acme, "hook-get", getApp, List.of("127.0.0.1/32"), false);
    node.newDomain(acme, "hook-post", postApp, List.of("127.0.0.1/32"), false);
    node.newDomain(acme, "hook-unsigned", unsignedApp, List.of("127.0.0.1/32"), false);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  /** One call from 127.0.0.1 to {@code domain}, returning the answer request the application got. */
  private static Recorded call(SipClient c, String domain, String path, SipClient.Request invite) throws Exception {
    int before = node.app.requests(path).size();
    assertAdmitted(c.exchange(invite));
    List<Recorded> got = node.app.requests(path);
    assertThat(got).as("answer requests to %s", path).hasSize(before + 1);
    return got.get(got.size() - 1);
  }

  private static SipClient.Request invite(SipClient c, String domain) {
    SipClient.Request r = c.invite("sip:4420@" + domainHost(domain, "us")).from("<sip:+15551112222@pbx.example.com>");
    for (String h : CUSTOM) r.header(h);
    return r;
  }

  private static void assertEveryField(Map<String, String> f, SipClient c, SipClient.Request invite, String domain,
                                       String transport) {
    assertThat(f.get("to")).isEqualTo("4420");
    assertThat(f.get("from")).isEqualTo("15551112222");
    assertThat(UUID.fromString(f.get("uuid"))).isNotNull();
    assertThat(f.get("conversation_uuid")).startsWith("CON-");
    assertThat(UUID.fromString(f.get("conversation_uuid").substring(4))).isNotNull();
    assertThat(f.get("SipHeader_X-Acme-Ref")).isEqualTo("42");
    assertThat(f.get("SipHeader_X-Multi")).isEqualTo("a,b");
    assertThat(f.get("SipHeader_x-lower-case")).isEqualTo("v");
    assertThat(f.get("SipHeader_X-Spaces")).isEqualTo("a b & c+d=e%20");
    assertThat(f.get("SipHeader_User-to-User")).isEqualTo("56a390f3d2b7310023a2;encoding=hex");
    assertThat(f.keySet()).noneMatch(k -> k.toLowerCase(Locale.ROOT).startsWith("sipheader_x-nexmo"));
    assertThat(f.keySet()).doesNotContain("SipHeader_Subject");
    assertThat(f.values()).noneMatch(v -> v != null && v.contains("secret-"));
    assertThat(f.get("sip_domain")).isEqualTo(domain);
    assertThat(f.get("sip_call_id")).isEqualTo(invite.callId());
    assertThat(f.get("sip_source")).isEqualTo(c.source());
    assertThat(f.get("sip_transport")).isEqualTo(transport);
    assertThat(f.get("auth_method")).isEqualTo("acl");
    assertThat(f.get("auth_user")).isEqualTo("127.0.0.1/32");
  }

  @Test
  void getCarriesEveryFieldInTheQueryString() throws Exception {
    try (SipClient c = SipClient.udp("127.0.0.1", node.udpPort())) {
      SipClient.Request invite = invite(c, "hook-get");
      Recorded r = call(c, "hook-get", "/get/answer", invite);
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.body()).isEmpty();
      assertEveryField(r.fields(), c, invite, "hook-get", "udp");
    }
  }

  @Test
  void postCarriesTheSameFieldsAsJson() throws Exception {
    try (SipClient c = SipClient.tcp("127.0.0.1", node.tcpPort())) {
      SipClient.Request invite = invite(c, "hook-post");
      Recorded r = call(c, "hook-post", "/post/answer", invite);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.query()).isEmpty();
      JsonObject body = r.json();
      body.forEach(e -> assertThat(e.getValue()).as("field %s is a string", e.getKey()).isInstanceOf(String.class));
      assertEveryField(r.fields(), c, invite, "hook-post", "tcp");
    }
  }

  @Test
  void getAndPostAreSignedWithTheAccountsSignatureSecret() throws Exception {
    try (SipClient c = SipClient.udp("127.0.0.1", node.udpPort())) {
      Recorded get = call(c, "hook-get", "/get/answer", invite(c, "hook-get"));
      Recorded post = call(c, "hook-post", "/post/answer", invite(c, "hook-post"));
      JsonObject g = assertSigned(get, getApp);
      JsonObject p = assertSigned(post, postApp);
      assertThat(g.getString("jti")).isNotEqualTo(p.getString("jti"));
      assertThat(Jwts.signatureMatches(get.header("Authorization"), other.signatureSecret()))
          .as("another account's secret does not verify").isFalse();
    }
  }

  private static JsonObject assertSigned(Recorded r, String applicationId) {
    JsonObject claims = Jwts.verifyHs256(r.header("Authorization"), acme.signatureSecret());
    assertThat(claims.getString("iss")).isEqualTo("psip");
    assertThat(claims.getString("api_key")).isEqualTo(acme.apiKey());
    assertThat(claims.getString("application_id")).isEqualTo(applicationId);
    assertThat(claims.getString("jti")).isNotBlank();
    assertThat(claims.getLong("iat")).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 5);
    assertThat(claims.getString("payload_hash")).isEqualTo(Jwts.sha256Hex(r.body()));
    return claims;
  }

  @Test
  void httpConnectionsToTheApplicationAreReused() throws Exception {
    int before = node.app.requestsUnder("/get/").size();
    try (SipClient c = SipClient.udp("127.0.0.1", node.udpPort())) {
      for (int i = 0; i < 4; i++) call(c, "hook-get", "/get/answer", invite(c, "hook-get"));
    }
    List<Recorded> requests = node.app.requestsUnder("/get/");
    requests = requests.subList(before, requests.size());
    long connections = requests.stream().map(Recorded::remote).distinct().count();
    assertThat(connections).as("client connections for %s requests: %s", requests.size(),
        requests.stream().map(Recorded::remote).toList()).isLessThan(requests.size());
  }

  @Test
  void signedCallbacksFalseSendsNoAuthorization() throws Exception {
    try (SipClient c = SipClient.udp("127.0.0.1", node.udpPort())) {
      Recorded r = call(c, "hook-unsigned", "/unsigned/answer", invite(c, "hook-unsigned"));
      assertThat(r.header("Authorization")).isNull();
      assertThat(r.param("auth_method")).isEqualTo("acl");
    }
  }

  @Test
  void theStartedEventIsPostedToTheEventUrlAndSigned() throws Exception {
    Recorded answer;
    try (SipClient c = SipClient.udp("127.0.0.1", node.udpPort())) {
      answer = call(c, "hook-get", "/get/answer", invite(c, "hook-get"));
    }
    String uuid = answer.param("uuid");
    Waits.until(() -> startedFor(uuid) != null, Duration.ofSeconds(5),
        () -> "no started event for " + uuid + " in " + node.app.requests("/get/event"));
    Recorded started = startedFor(uuid);
    assertThat(started.method()).isEqualTo("POST");
    JsonObject e = started.json();
    assertThat(e.getString("conversation_uuid")).isEqualTo(answer.param("conversation_uuid"));
    assertThat(e.getString("direction")).isEqualTo("inbound");
    assertThat(e.getString("from")).isEqualTo("15551112222");
    assertThat(e.getString("to")).isEqualTo("4420");
    assertThat(Instant.parse(e.getString("timestamp"))).isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertSigned(started, getApp);
  }

  private static Recorded startedFor(String uuid) {
    for (Recorded r : node.app.requests("/get/event")) {
      JsonObject e = r.json();
      if ("started".equals(e.getString("status")) && uuid.equals(e.getString("uuid"))) return r;
    }
    return null;
  }
}
