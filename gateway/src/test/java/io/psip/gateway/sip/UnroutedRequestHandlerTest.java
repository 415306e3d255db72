package io.psip.gateway.sip;

import io.psip.sip.codec.DecodeResult;
import io.psip.sip.codec.SipMessageParser;
import io.psip.sip.message.MessageBuilder;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.transaction.ServerTransaction;
import io.psip.sip.transport.Transport;
import io.psip.sip.transport.TransportAddress;
import io.vertx.core.Handler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnroutedRequestHandlerTest {
  private final UnroutedRequestHandler handler =
      new UnroutedRequestHandler(new ServedHosts("psip.local", List.of("127.0.0.1"), List.of()));

  @Test
  void aForeignHostIsRefusedNeverRelayed() {
    Answer a = handle("INVITE", "sip:+15551234567@carrier.example.com;user=phone", null);
    assertThat(a.status).isEqualTo(403);
    assertThat(a.warning).isEqualTo("carrier.example.com is not served by this node");
  }

  @Test
  void aServedHostHasNoApplicationYet() {
    Answer a = handle("INVITE", "sip:alice@acme.sip-us.psip.local", null);
    assertThat(a.status).isEqualTo(404);
    assertThat(a.warning).isEqualTo("no application is routed for this Request-URI yet");
  }

  @Test
  void ipv6HostsAreNamedAsWritten() {
    Answer a = handle("OPTIONS", "sip:[2001:db8::9]", null);
    assertThat(a.status).isEqualTo(403);
    assertThat(a.warning).isEqualTo("[2001:db8::9] is not served by this node");
  }

  @Test
  void inDialogRequestsMatchNoDialogYet() {
    Answer a = handle("BYE", "sip:alice@127.0.0.1", "remote-tag");
    assertThat(a.status).isEqualTo(481);
  }

  @Test
  void nonSipRequestUris() {
    Answer a = handle("INVITE", "tel:+15551234567", null);
    assertThat(a.status).isEqualTo(416);
  }

  private Answer handle(String method, String uri, String toTag) {
    String text = method + " " + uri + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKtest1\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:pbx@192.0.2.1>;tag=1\r\n"
        + "To: <sip:alice@psip.local>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
        + "Call-ID: test@192.0.2.1\r\n"
        + "CSeq: 1 " + method + "\r\n"
        + "Content-Length: 0\r\n\r\n";
    DecodeResult r = new SipMessageParser().parseDatagram(text.getBytes(StandardCharsets.UTF_8));
    assertThat(r).isInstanceOf(DecodeResult.Message.class);
    Answer answer = new Answer((SipRequest) ((DecodeResult.Message) r).message());
    handler.handle(answer);
    assertThat(answer.status).as("answered exactly once").isPositive();
    return answer;
  }

  /** Records the one answer the handler gives. */
  private static final class Answer implements ServerTransaction {
    private final SipRequest request;
    int status;
    String warning;

    Answer(SipRequest request) { this.request = request; }

    @Override public SipRequest request() { return request; }
    @Override public TransportAddress source() { return new TransportAddress(Transport.UDP, "192.0.2.1", 5060); }
    @Override public MessageBuilder.ResponseBuilder createResponse(int status) { throw new UnsupportedOperationException(); }
    @Override public void respond(SipResponse response) { throw new UnsupportedOperationException(); }

    @Override
    public void respond(int status, String warning) {
      assertThat(this.status).as("a second answer").isZero();
      this.status = status;
      this.warning = warning;
    }

    @Override public String localTag() { return "local"; }
    @Override public boolean isCompleted() { return status != 0; }
    @Override public ServerTransaction cancelHandler(Handler<SipRequest> handler) { return this; }
    @Override public ServerTransaction ackHandler(Handler<SipRequest> handler) { return this; }
    @Override public ServerTransaction ackTimeoutHandler(Handler<Void> handler) { return this; }
  }
}
