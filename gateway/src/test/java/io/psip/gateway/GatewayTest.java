package io.psip.gateway;

import io.psip.gateway.testing.SipWire;
import io.psip.gateway.testing.TestConfigs;
import io.psip.sip.message.SipResponse;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole node in-process on loopback with ephemeral ports, spoken to over real sockets. */
class GatewayTest {
  @TempDir
  static Path data;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = Gateway.start(TestConfigs.loopback(data)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) gateway.stop().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  @Test
  void boundPortsAreReported() {
    assertThat(gateway.udpPort()).isPositive();
    assertThat(gateway.tcpPort()).isPositive();
    assertThat(gateway.httpPort()).isPositive();
  }

  @Test
  void healthIsUpWithTheBoundPorts() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject()
        .put("status", "UP")
        .put("sip", new JsonObject().put("udp_port", gateway.udpPort()).put("tcp_port", gateway.tcpPort()))
        .put("webhook", "up")
        .put("database", "up"));
  }

  @Test
  void metricsArePrometheusText() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(r.body())
        .contains("# TYPE psip_calls_active gauge")
        .contains("psip_auth_digest_bans ")
        .contains("psip_auth_digest_failures ")
        .contains("psip_webhook_answers_total{outcome=\"ncco\"}")
        .contains("psip_directory_entries{kind=\"account\"} 1.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void optionsOverUdpToTheServiceHost() throws Exception {
    try (SipWire sip = SipWire.udp(gateway.udpPort())) {
      assertOptionsAnswered(sip);
    }
  }

  @Test
  void optionsOverTcpToTheServiceHost() throws Exception {
    try (SipWire sip = SipWire.tcp(gateway.tcpPort())) {
      assertOptionsAnswered(sip);
    }
  }

  private static void assertOptionsAnswered(SipWire sip) throws Exception {
    SipResponse r = sip.exchange(sip.request("OPTIONS", "sip:ping@sip.psip.local", null));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Allow")).contains("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS");
  }

  @Test
  void anInviteToAForeignHostIsRefusedWithAWarning() throws Exception {
    try (SipWire sip = SipWire.udp(gateway.udpPort())) {
      String invite = sip.request("INVITE", "sip:+15551234567@carrier.example.com", null);
      SipResponse r = sip.exchange(invite);
      sip.send(sip.ackFor(invite, r)); // ends the server transaction's 4xx retransmissions

      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Warning")).startsWith("399 ").endsWith("\"carrier.example.com is not a psip host; psip never relays\"");
    }
  }

  @Test
  void anInviteToAnUnknownDomainIsNotFound() throws Exception {
    try (SipWire sip = SipWire.tcp(gateway.tcpPort())) {
      String invite = sip.request("INVITE", "sip:alice@acme.sip-eu.psip.local", null);
      SipResponse r = sip.exchange(invite);
      sip.send(sip.ackFor(invite, r));

      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("Warning")).startsWith("399 ").endsWith("\"unknown domain 'acme'\"");
    }
  }

  @Test
  void optionsToAForeignHostIsRefusedToo() throws Exception {
    try (SipWire sip = SipWire.udp(gateway.udpPort())) {
      SipResponse r = sip.exchange(sip.request("OPTIONS", "sip:carrier.example.com", null));
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Warning")).contains("carrier.example.com is not a psip host; psip never relays");
    }
  }
}
