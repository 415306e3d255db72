package io.psip.call.b2bua;

import io.psip.auth.AuthChain;
import io.psip.auth.AuthOutcome;
import io.psip.auth.AuthPrincipal;
import io.psip.auth.Authenticator;
import io.psip.bus.AnswerReply;
import io.psip.bus.CallEvent;
import io.psip.bus.WebhookAddresses;
import io.psip.call.CallService;
import io.psip.call.LegRecord;
import io.psip.directory.ApplicationEntry;
import io.psip.directory.DirectoryChange;
import io.psip.directory.DomainEntry;
import io.psip.directory.impl.InMemoryDirectory;
import io.psip.routing.CallRouter;
import io.psip.sip.testing.JainSipPeer;
import io.psip.sip.testing.StackFixture;
import io.psip.sip.testing.Waits;
import io.psip.sip.transaction.TimerSettings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The B2BUA between two JAIN-SIP RI peers (caller and callee), on a real stack, with event-bus consumers in place of
 * the webhook verticle (they answer the NCCO and collect events). Every test ends with the leak check: no call,
 * dialog, leg, transaction or timer left.
 */
class B2buaTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String SDP_A = "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";
  private static final String SDP_B = "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n";

  private static StackFixture fixture;
  private static CallService service;
  private static final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private static final List<LegRecord> records = new CopyOnWriteArrayList<>();
  private static final AtomicReference<JsonArray> ncco = new AtomicReference<>();
  private static final AtomicReference<JsonArray> eventAnswer = new AtomicReference<>();
  private JainSipPeer caller;
  private JainSipPeer callee;
  private volatile Consumer<RequestEvent> calleeBehaviour;

  @BeforeAll
  static void start() {
    fixture = StackFixture.start(StackFixture.options(new TimerSettings(20, 320, 200)));
    InMemoryDirectory directory = new InMemoryDirectory();
    directory.apply(DirectoryChange.upsert(new ApplicationEntry("app1", "acct1", "ivr",
        new ApplicationEntry.Webhook("http://127.0.0.1:1/answer", "GET", 1000, 5000), null, null, true), 1));
    directory.apply(DirectoryChange.upsert(new DomainEntry("acme", "acct1", "app1", List.of(), false, null, null, null), 2));
    Authenticator admitAll = new Authenticator() {
      @Override public String name() { return "all"; }
      @Override public Future<AuthOutcome> authenticate(io.psip.auth.AuthRequest r) {
        return Future.succeededFuture(AuthOutcome.admitted(new AuthPrincipal("acl", "127.0.0.1/32", "acct1")));
      }
    };
    var bus = fixture.vertx().eventBus();
    bus.<JsonObject>consumer(WebhookAddresses.ANSWER, m -> m.reply(new AnswerReply.Ncco(ncco.get(), "http://app/answer", 1).toJson()));
    bus.<JsonObject>consumer(WebhookAddresses.EVENT, m -> {
      events.add(CallEvent.fromJson(m.body()).body());
      m.reply(new JsonObject().put("outcome", "sent")); // delivered: the call's next event may go
    });
    bus.<JsonObject>consumer(WebhookAddresses.EVENT_NCCO, m -> {
      events.add(CallEvent.fromJson(m.body()).body());
      JsonArray answer = eventAnswer.get();
      m.reply(answer == null ? new AnswerReply.Failed(503, "no NCCO", 1).toJson()
          : new AnswerReply.Ncco(answer, "http://app/event", 1).toJson());
    });
    service = fixture.call(() -> CallService.attach(fixture.vertx(), fixture.stack(),
        new CallService.Options("127.0.0.1", "test", null, 100, 100, 2000, 0, 0),
        new CallRouter(directory, "psip.test", List.of("us")), new AuthChain(List.of(admitAll)), directory,
        records::add));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void peers() {
    events.clear();
    records.clear();
    eventAnswer.set(null);
    caller = JainSipPeer.start("caller");
    callee = JainSipPeer.start("callee").onRequest(e -> {
      Consumer<RequestEvent> b = calleeBehaviour;
      if (b != null) b.accept(e);
    });
  }

  @AfterEach
  void leakCheck() {
    try {
      Waits.until(() -> service.registry().activeCalls() == 0 && service.registry().dialogs() == 0
          && service.registry().legs() == 0, WAIT, () -> "calls " + service.registry().activeCalls()
          + ", dialogs " + service.registry().dialogs() + ", legs " + service.registry().legs());
      fixture.assertQuiescent();
    } finally {
      caller.close();
      callee.close();
    }
  }

  // ---- the callee's behaviours ----------------------------------------------------------------------------

  /** Answers every INVITE with 180 then (after {@code ringMs}) {@code status}, with SDP on 2xx; 200 to BYE. */
  private Consumer<RequestEvent> answering(int status, long ringMs) {
    return e -> {
      try {
        Request r = e.getRequest();
        ServerTransaction st = e.getServerTransaction() != null ? e.getServerTransaction()
            : callee.provider.getNewServerTransaction(r);
        switch (r.getMethod()) {
          case Request.INVITE -> {
            if (((ToHeader) r.getHeader(ToHeader.NAME)).getTag() == null) {
              Response ringing = callee.messages.createResponse(180, r);
              ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag("callee1");
              st.sendResponse(ringing);
              Thread.sleep(ringMs);
            }
            Response answer = callee.messages.createResponse(status, r);
            if (((ToHeader) answer.getHeader(ToHeader.NAME)).getTag() == null) ((ToHeader) answer.getHeader(ToHeader.NAME)).setTag("callee1");
            if (status < 300) {
              answer.addHeader(callee.headers.createContactHeader(callee.addresses.createAddress("sip:callee@127.0.0.1:" + callee.port)));
              answer.setContent(SDP_B, callee.headers.createContentTypeHeader("application", "sdp"));
            }
            st.sendResponse(answer);
          }
          case Request.BYE, Request.INFO, Request.UPDATE -> st.sendResponse(callee.messages.createResponse(200, r));
          case Request.CANCEL -> st.sendResponse(callee.messages.createResponse(200, r));
          default -> { }
        }
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    };
  }

  private static JsonArray connectTo(JainSipPeer peer, JsonObject options) {
    JsonObject connect = new JsonObject().put("action", "connect").put("endpoint", new JsonArray().add(new JsonObject()
        .put("type", "sip").put("uri", "sip:bob@127.0.0.1:" + peer.port)
        .put("headers", new JsonObject().put("Tenant", "acme")).put("standardHeaders",
            new JsonObject().put("User-to-User", "56a390f3d2b7310023a2;encoding=hex"))));
    options.forEach(e -> connect.put(e.getKey(), e.getValue()));
    return new JsonArray().add(connect);
  }

  private ClientTransaction invite() throws Exception {
    SipURI uri = caller.addresses.createSipURI("100", "acme.sip-us.psip.test");
    ViaHeader via = caller.headers.createViaHeader("127.0.0.1", caller.port, "udp", null);
    via.setRPort();
    Request r = caller.messages.createRequest(uri, Request.INVITE, caller.provider.getNewCallId(),
        caller.headers.createCSeqHeader(1L, Request.INVITE),
        caller.headers.createFromHeader(caller.addresses.createAddress("sip:alice@127.0.0.1"), "alice" + System.nanoTime()),
        caller.headers.createToHeader(caller.addresses.createAddress("sip:100@acme.sip-us.psip.test"), null),
        List.of(via), caller.headers.createMaxForwardsHeader(70));
    r.addHeader(caller.headers.createContactHeader(caller.addresses.createAddress("sip:alice@127.0.0.1:" + caller.port)));
    r.setContent(SDP_A, caller.headers.createContentTypeHeader("application", "sdp"));
    // the stack is reached directly: the Request-URI names the domain, the route names the socket
    r.addHeader(caller.headers.createRouteHeader(caller.addresses.createAddress("<sip:127.0.0.1:" + fixture.udpPort() + ";lr>")));
    ClientTransaction ct = caller.provider.getNewClientTransaction(r);
    ct.sendRequest();
    return ct;
  }

  private List<String> statuses(String direction) {
    return events.stream().filter(e -> direction.equals(e.getString("direction"))).map(e -> e.getString("status")).toList();
  }

  // ---- scenarios ------------------------------------------------------------------------------------------

  @Test
  void answeredCallRelaysRingingAnswerAndByeFromTheCaller() throws Exception {
    calleeBehaviour = answering(200, 50);
    ncco.set(connectTo(callee, new JsonObject()));
    invite();
    RequestEvent calleeInvite = callee.awaitRequest(Request.INVITE, WAIT);
    Request sent = calleeInvite.getRequest();
    assertThat(new String(sent.getRawContent(), StandardCharsets.US_ASCII)).isEqualTo(SDP_A);
    assertThat(sent.getHeader("X-Tenant").toString().trim()).isEqualTo("X-Tenant: acme");
    assertThat(sent.getHeader("User-to-User").toString()).contains("56a390f3d2b7310023a2;encoding=hex");
    caller.awaitResponse(180, Request.INVITE, WAIT);
    ResponseEvent ok = caller.awaitResponse(200, Request.INVITE, WAIT);
    assertThat(new String(ok.getResponse().getRawContent(), StandardCharsets.US_ASCII)).isEqualTo(SDP_B);
    Dialog dialog = ok.getDialog();
    dialog.sendAck(dialog.createAck(((CSeqHeader) ok.getResponse().getHeader(CSeqHeader.NAME)).getSeqNumber()));
    callee.awaitRequest(Request.ACK, WAIT);

    ClientTransaction bye = caller.provider.getNewClientTransaction(dialog.createRequest(Request.BYE));
    dialog.sendRequest(bye);
    caller.awaitResponse(200, Request.BYE, WAIT);
    callee.awaitRequest(Request.BYE, WAIT);
    Waits.until(() -> statuses("inbound").contains("completed") && statuses("outbound").contains("completed"), WAIT,
        () -> "events " + events);
    assertThat(statuses("outbound")).containsExactly("started", "ringing", "answered", "completed");
    assertThat(statuses("inbound")).containsExactly("started", "ringing", "answered", "completed");
    JsonObject completed = events.stream().filter(e -> e.getString("status").equals("completed")
        && e.getString("direction").equals("outbound")).findFirst().orElseThrow();
    assertThat(completed.getString("disconnected_by")).isEqualTo("user");
    assertThat(completed.getString("conversation_uuid")).startsWith("CON-");
    assertThat(records).extracting(LegRecord::status).endsWith("completed");
  }

  @Test
  void busyCalleeGivesTheCallerBusy() throws Exception {
    calleeBehaviour = answering(486, 0);
    ncco.set(connectTo(callee, new JsonObject()));
    invite();
    caller.awaitResponse(486, Request.INVITE, WAIT);
    Waits.until(() -> statuses("inbound").contains("busy"), WAIT, () -> "events " + events);
    assertThat(statuses("outbound")).containsExactly("started", "ringing", "busy");
  }

  @Test
  void ringingTimeoutCancelsTheCalleeAndGivesTheCaller480() throws Exception {
    calleeBehaviour = e -> {
      try {
        Request r = e.getRequest();
        if (r.getMethod().equals(Request.INVITE)) {
          ServerTransaction st = callee.provider.getNewServerTransaction(r);
          Response ringing = callee.messages.createResponse(180, r);
          ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag("callee1");
          st.sendResponse(ringing);
        }
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    };
    ncco.set(connectTo(callee, new JsonObject().put("timeout", 1)));
    invite();
    caller.awaitResponse(480, Request.INVITE, Duration.ofSeconds(4));
    callee.awaitRequest(Request.CANCEL, WAIT);
    Waits.until(() -> statuses("outbound").contains("unanswered"), WAIT, () -> "events " + events);
  }

  @Test
  void synchronousConnectRunsTheEventUrlsNccoOnBusy() throws Exception {
    JainSipPeer second = JainSipPeer.start("second");
    try {
      calleeBehaviour = answering(486, 0);
      ncco.set(connectTo(callee, new JsonObject().put("eventType", "synchronous")
          .put("eventUrl", new JsonArray().add("http://app/fallback"))));
      eventAnswer.set(connectTo(second, new JsonObject()));
      second.onRequest(e -> {
        try {
          Request r = e.getRequest();
          if (r.getMethod().equals(Request.INVITE)) {
            callee.getClass(); // the second callee declines too, with its own status
            second.provider.getNewServerTransaction(r).sendResponse(second.messages.createResponse(603, r));
          }
        } catch (Exception ex) {
          throw new IllegalStateException(ex);
        }
      });
      invite();
      second.awaitRequest(Request.INVITE, WAIT);
      caller.awaitResponse(603, Request.INVITE, WAIT);
      Waits.until(() -> statuses("inbound").contains("rejected"), WAIT, () -> "events " + events);
      assertThat(statuses("outbound")).containsExactly("started", "ringing", "busy", "started", "rejected");
    } finally {
      second.close();
    }
  }
}
