package io.psip.gateway.admission;

import io.psip.gateway.testing.AdmissionNode;
import io.psip.gateway.testing.AdmissionNode.Account;
import io.psip.gateway.testing.AdmissionNode.AppSpec;
import io.psip.gateway.testing.AppServer.Recorded;
import io.psip.gateway.testing.AppServer.Reply;
import io.psip.gateway.testing.SipClient;
import io.psip.sip.message.SipResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.psip.gateway.admission.SipAsserts.assertRefused;
import static io.psip.gateway.testing.AdmissionNode.domainHost;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-account cap on concurrent calls ({@code calls.max_per_account}): over it, 503 with Retry-After and a
 * {@code failed} event; the slot comes back when the call ends.
 */
class CallCapsTest {
  private static AdmissionNode node;
  private static Account acme;

  @BeforeAll
  static void start() {
    node = AdmissionNode.start(CallCapsTest.class, Map.of("PSIP_CALLS_MAX_PER_ACCOUNT", "1"));
    acme = node.newAccount("acme");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  @Test
  void aSecondConcurrentCallOfTheAccountIsRefusedWithRetryAfter() throws Exception {
    AppSpec spec = AppSpec.get("/caps");
    String app = node.newApplication(acme, spec);
    node.newDomain(acme, "caps-domain", app, List.of("127.0.0.1/32"), false);
    // the first call holds its slot while its application thinks (within the 1000 ms socket timeout)
    node.app.script(spec.answerPath(), Reply.ncco(node.connectNcco()).delayed(800), Reply.ncco(node.connectNcco()));
    String uri = "sip:100@" + domainHost("caps-domain", "eu");
    try (SipClient first = SipClient.udp("127.0.0.1", node.udpPort());
         SipClient second = SipClient.udp("127.0.0.1", node.udpPort())) {
      first.send(first.invite(uri).text());
      node.app.await(spec.answerPath(), 1, Duration.ofSeconds(5));

      SipResponse refused = second.exchange(second.invite(uri));
      assertRefused(refused, 503, "has its maximum of 1 concurrent calls");
      assertThat(refused.header("Retry-After")).isEqualTo("5");
      Recorded failed = node.app.awaitEvent(spec.eventPath(), "failed", Duration.ofSeconds(5));
      assertThat(failed.json().getString("detail")).contains("maximum of 1 concurrent calls");
      assertThat(failed.json().getInteger("sip_code")).isEqualTo(503);

      // the first call ends (its endpoint is busy) and gives its slot back
      assertThat(first.receiveUntilFinal()).last().extracting(SipResponse::status).isEqualTo(SipAsserts.ENDPOINT_BUSY);
      SipResponse third = second.exchange(second.invite(uri));
      assertThat(third.status()).isEqualTo(SipAsserts.ENDPOINT_BUSY);
      assertThat(node.app.requests(spec.answerPath())).hasSize(2);
    }
  }
}
