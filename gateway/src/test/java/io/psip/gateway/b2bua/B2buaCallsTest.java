package io.psip.gateway.b2bua;

import io.psip.gateway.b2bua.Phone.Step;
import io.psip.gateway.testing.AdmissionNode;
import io.psip.gateway.testing.AppServer;
import io.psip.gateway.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sip.ClientTransaction;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.util.List;
import java.util.Map;

import static io.psip.gateway.b2bua.B2buaLab.WAIT;
import static io.psip.gateway.b2bua.B2buaLab.connectPhone;
import static io.psip.gateway.b2bua.B2buaLab.connectSip;
import static io.psip.gateway.b2bua.B2buaLab.event;
import static io.psip.gateway.b2bua.B2buaLab.ncco;
import static io.psip.gateway.b2bua.B2buaLab.requestUri;
import static io.psip.gateway.b2bua.B2buaLab.statuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5 end to end: a JAIN-SIP caller calls a psip domain, the application (a real HTTP server) answers a
 * {@code connect} NCCO, and psip bridges the call to an independent JAIN-SIP callee (or the trunk for phone numbers).
 * Each scenario checks the SIP both peers saw, the events the application received in order, the records of
 * {@code GET /v1/calls}, and that nothing (call, dialog, leg, transaction, timer) is left behind.
 */
class B2buaCallsTest {
  private static final String DIALLED = "100";
  private static B2buaLab lab;
  private static Phone trunk;
  private Phone caller;
  private Phone callee;
  private final String from = B2buaLab.newCaller();

  @BeforeAll
  static void startNode() {
    trunk = Phone.start("trunk");
    lab = B2buaLab.start(B2buaCallsTest.class, Map.of("PSIP_OUTBOUND_TRUNK", "sip:127.0.0.1:" + trunk.port));
  }

  @AfterAll
  static void stopNode() throws Exception {
    try {
      if (lab != null) lab.close();
    } finally {
      trunk.close();
    }
  }

  @BeforeEach
  void phones() {
    caller = Phone.start("caller");
    callee = Phone.start("callee");
  }

  @AfterEach
  void nothingLeft() {
    try {
      lab.assertNothingLeft();
    } finally {
      caller.closeLater();
      callee.closeLater();
    }
  }

  private ClientTransaction dial(JsonArray ncco) {
    lab.answerWith(ncco);
    return caller.call(lab.sipPort(), requestUri(DIALLED), from, caller.sdp("sendrecv"));
  }

  /** Rings 100 ms (so JAIN-SIP's threads cannot see the 200 before the 180), then answers with its SDP. */
  private static Phone answering(Phone p) {
    return p.answers(Step.now(180), Step.after(100, 200).withSdp(p.sdp("sendrecv")));
  }

  /** Dials the callee, which answers; the caller ACKs; returns once the callee has the ACK. */
  private Response answeredCall(JsonObject connectOptions) {
    answering(callee);
    ClientTransaction invite = dial(ncco(connectSip(callee.uri("bob"), connectOptions)));
    Response ok = caller.awaitResponse(invite, 200, WAIT);
    caller.ack(ok);
    callee.awaitRequest(Request.ACK, 1, WAIT);
    return ok;
  }

  private void callerHangsUp() { callerHangsUp(callee); }

  /** The caller's BYE, answered, and relayed to {@code other}. */
  private void callerHangsUp(Phone other) {
    ClientTransaction bye = caller.inDialog(Request.BYE, null);
    caller.awaitResponse(bye, 200, WAIT);
    other.awaitRequest(Request.BYE, 1, WAIT);
  }

  /** Fields every event of this call carries; {@code to} of the outbound leg is {@code outboundTo}. */
  private void assertCommonFields(List<JsonObject> events, String conversation, String outboundTo) {
    assertCommonFields(events, conversation, from, outboundTo);
  }

  private void assertCommonFields(List<JsonObject> events, String conversation, String outboundFrom,
                                  String outboundTo) {
    assertThat(conversation).startsWith("CON-");
    for (JsonObject e : events) {
      assertThat(e.getString("conversation_uuid")).isEqualTo(conversation);
      assertThat(e.getString("uuid")).isNotBlank();
      assertThat(e.getString("timestamp")).isNotBlank();
      assertThat(e.getString("from")).as("from of %s", e)
          .isEqualTo(e.getString("direction").equals("inbound") ? from : outboundFrom);
      assertThat(e.getString("to")).as("to of %s", e)
          .isEqualTo(e.getString("direction").equals("inbound") ? DIALLED : outboundTo);
    }
    assertThat(events.stream().filter(e -> e.getString("direction").equals("inbound")).map(e -> e.getString("uuid"))
        .distinct()).as("one inbound leg").hasSize(1);
  }

  private static void assertCompleted(List<JsonObject> events, String disconnectedBy) {
    for (String direction : List.of("inbound", "outbound")) {
      JsonObject completed = event(events, direction, "completed");
      assertThat(completed.getInteger("sip_code")).isEqualTo(200);
      assertThat(completed.getString("disconnected_by")).isEqualTo(disconnectedBy);
      assertThat(completed.getString("duration")).matches("[0-9]+");
      assertThat(completed.getString("start_time")).isNotNull();
      assertThat(completed.getString("end_time")).isNotNull();
    }
  }

  // ---------------------------------------------------------------- scenarios

  @Test
  void answeredCallRelaysTheOfferTheAnswerAndTheCallersBye() {
    Response ok = answeredCall(new JsonObject());
    Request atCallee = callee.requests(Request.INVITE).get(0);
    assertThat(Phone.body(atCallee)).as("the caller's offer, unchanged").isEqualTo(caller.sdp("sendrecv"));
    assertThat(caller.statuses(Request.INVITE)).containsSubsequence(180, 200);
    assertThat(Phone.body(ok)).as("the callee's answer").isEqualTo(callee.sdp("sendrecv"));
    callerHangsUp();

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "answered", "completed");
    assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "answered", "completed");
    assertCommonFields(events, conversation, callee.uri("bob"));
    assertCompleted(events, "user");
    lab.assertRecordsMatch(conversation, events);
  }

  @Test
  void busyCalleeGivesTheCallerBusy() {
    callee.answers(Step.now(486));
    ClientTransaction invite = dial(ncco(connectSip(callee.uri("bob"), new JsonObject())));
    assertThat(caller.awaitFinal(invite, WAIT).getStatusCode()).isEqualTo(486);

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "busy");
    assertThat(statuses(events, "inbound")).containsExactly("started", "busy");
    assertThat(event(events, "outbound", "busy").getInteger("sip_code")).isEqualTo(486);
    assertCommonFields(events, conversation, callee.uri("bob"));
    lab.assertRecordsMatch(conversation, events);
  }

  @Test
  void noAnswerWithinTheConnectTimeoutCancelsTheCalleeAndGivesTheCaller480() {
    callee.answers(Step.now(180));
    ClientTransaction invite = dial(ncco(connectSip(callee.uri("bob"), new JsonObject().put("timeout", 1))));
    caller.awaitResponse(invite, 180, WAIT);
    long rang = System.nanoTime();
    assertThat(caller.awaitFinal(invite, WAIT).getStatusCode()).isEqualTo(480);
    assertThat((System.nanoTime() - rang) / 1_000_000).as("ms from ringing to 480").isBetween(700L, 3000L);
    callee.awaitRequest(Request.CANCEL, 1, WAIT);

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "unanswered");
    assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "unanswered");
    assertThat(event(events, "outbound", "unanswered").getString("detail")).isEqualTo("timeout");
    lab.assertRecordsMatch(conversation, events);
  }

  @Test
  void earlyMediaIsRelayedWithItsSdp() {
    String early = callee.sdp("sendrecv");
    callee.answers(Step.now(183).withSdp(early), Step.after(100, 200).withSdp(early));
    ClientTransaction invite = dial(ncco(connectSip(callee.uri("bob"), new JsonObject())));
    Response progress = caller.awaitResponse(invite, 183, WAIT);
    assertThat(Phone.body(progress)).as("the early media SDP").isEqualTo(early);
    assertThat(Phone.header(progress, "Content-Type")).isEqualTo("application/sdp");
    caller.ack(caller.awaitResponse(invite, 200, WAIT));
    callee.awaitRequest(Request.ACK, 1, WAIT);
    callerHangsUp();

    List<JsonObject> events = lab.awaitEnd(lab.conversation(from));
    assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "answered", "completed");
    assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "answered", "completed");
  }

  @Test
  void calleeHangsUp() {
    answeredCall(new JsonObject());
    ClientTransaction bye = callee.inDialog(Request.BYE, null);
    callee.awaitResponse(bye, 200, WAIT);
    caller.awaitRequest(Request.BYE, 1, WAIT);

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "answered", "completed");
    assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "answered", "completed");
    assertCompleted(events, "user");
    lab.assertRecordsMatch(conversation, events);
  }

  @Test
  void callerCancelsWhileItRings() {
    callee.answers(Step.now(180));
    ClientTransaction invite = dial(ncco(connectSip(callee.uri("bob"), new JsonObject())));
    caller.awaitResponse(invite, 180, WAIT);
    ClientTransaction cancel = caller.cancel(invite);
    caller.awaitResponse(cancel, 200, WAIT);
    assertThat(caller.awaitFinal(invite, WAIT).getStatusCode()).isEqualTo(487);
    callee.awaitRequest(Request.CANCEL, 1, WAIT);

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "cancelled");
    assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "cancelled");
    lab.assertRecordsMatch(conversation, events);
  }

  /** {@code from} sends a re-INVITE offering {@code offer}; {@code to} answers {@code answer}; the ACK crosses. */
  private static void reinvite(Phone from, Phone to, String offer, String answer) {
    int invitesBefore = to.requests(Request.INVITE).size();
    int acksBefore = to.requests(Request.ACK).size();
    to.reinviteAnswer(answer);
    ClientTransaction re = from.inDialog(Request.INVITE, offer);
    Request relayed = to.awaitRequest(Request.INVITE, invitesBefore + 1, WAIT);
    assertThat(Phone.body(relayed)).as("the offer relayed to %s", to.name).isEqualTo(offer);
    Response ok = from.awaitResponse(re, 200, WAIT);
    assertThat(Phone.body(ok)).as("the answer relayed to %s", from.name).isEqualTo(answer);
    from.ack(ok);
    to.awaitRequest(Request.ACK, acksBefore + 1, WAIT);
  }

  @Test
  void holdAndResumeFromBothSidesRelaySdpAndAck() {
    answeredCall(new JsonObject());
    reinvite(caller, callee, caller.sdp("sendonly"), callee.sdp("recvonly"));
    reinvite(caller, callee, caller.sdp("sendrecv"), callee.sdp("sendrecv"));
    reinvite(callee, caller, callee.sdp("sendonly"), caller.sdp("recvonly"));
    reinvite(callee, caller, callee.sdp("sendrecv"), caller.sdp("sendrecv"));
    callerHangsUp();

    List<JsonObject> events = lab.awaitEnd(lab.conversation(from));
    assertThat(statuses(events, "outbound")).as("re-INVITEs are no new events")
        .containsExactly("started", "ringing", "answered", "completed");
  }

  @Test
  void infoAndUpdateAreRelayedAcrossWithTheirBodies() {
    answeredCall(new JsonObject());
    ClientTransaction info = caller.inDialog(Request.INFO, "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n",
        "Info-Package: dtmf");
    Request relayedInfo = callee.awaitRequest(Request.INFO, 1, WAIT);
    assertThat(Phone.body(relayedInfo)).isEqualTo("Signal=5\r\nDuration=160\r\n");
    assertThat(Phone.header(relayedInfo, "Content-Type")).isEqualTo("application/dtmf-relay");
    assertThat(Phone.header(relayedInfo, "Info-Package")).isEqualTo("dtmf");
    assertThat(caller.awaitFinal(info, WAIT).getStatusCode()).isEqualTo(200);

    ClientTransaction update = callee.inDialog(Request.UPDATE, callee.sdp("sendonly"));
    Request relayedUpdate = caller.awaitRequest(Request.UPDATE, 1, WAIT);
    assertThat(Phone.body(relayedUpdate)).isEqualTo(callee.sdp("sendonly"));
    assertThat(callee.awaitFinal(update, WAIT).getStatusCode()).isEqualTo(200);
    callerHangsUp();

    List<JsonObject> events = lab.awaitEnd(lab.conversation(from));
    assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "answered", "completed");
  }

  @Test
  void limitReachedHangsUpBothSides() {
    answeredCall(new JsonObject().put("limit", 1));
    long answered = System.nanoTime();
    caller.awaitRequest(Request.BYE, 1, WAIT);
    callee.awaitRequest(Request.BYE, 1, WAIT);
    assertThat((System.nanoTime() - answered) / 1_000_000).as("ms to the limit's BYEs").isBetween(700L, 3000L);

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "answered", "completed");
    assertCompleted(events, "platform");
    lab.assertRecordsMatch(conversation, events);
  }

  @Test
  void synchronousConnectRunsTheEventUrlsNccoOnBusy() {
    try (Phone second = Phone.start("second")) {
      answering(second);
      callee.answers(Step.now(486));
      String hook = lab.spec.prefix() + "/sync";
      lab.app.always(hook, AppServer.Reply.ncco(ncco(connectSip(second.uri("carol"), new JsonObject())).encode()));
      ClientTransaction invite = dial(ncco(connectSip(callee.uri("bob"), new JsonObject()
          .put("eventType", "synchronous").put("eventUrl", new JsonArray().add(lab.app.url(hook))))));
      Response ok = caller.awaitResponse(invite, 200, WAIT);
      assertThat(Phone.body(ok)).isEqualTo(second.sdp("sendrecv"));
      caller.ack(ok);
      second.awaitRequest(Request.ACK, 1, WAIT);
      assertThat(callee.requests(Request.INVITE)).as("the busy callee was called once").hasSize(1);
      callerHangsUp(second);

      String conversation = lab.conversation(from);
      List<JsonObject> events = lab.awaitEnd(conversation);
      assertThat(statuses(events, "outbound"))
          .containsExactly("started", "busy", "started", "ringing", "answered", "completed");
      assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "answered", "completed");
      List<AppServer.Recorded> atHook = lab.app.requests(hook);
      assertThat(atHook).extracting(r -> r.json().getString("status")).as("the first leg's events went to its eventUrl")
          .containsExactly("started", "busy");
      assertThat(atHook.get(1).json().getString("to")).isEqualTo(callee.uri("bob"));
      lab.assertRecordsMatch(conversation, events);
    }
  }

  @Test
  void phoneNumberIsCalledThroughTheTrunkFromTheNccosNumber() {
    answering(trunk); // the only test that calls the trunk
    ClientTransaction invite = dial(ncco(connectPhone("447700900123").put("from", "+447700900999")));
    Response ok = caller.awaitResponse(invite, 200, WAIT);
    caller.ack(ok);
    Request atTrunk = trunk.awaitRequest(Request.INVITE, 1, WAIT);
    SipURI ruri = (SipURI) atTrunk.getRequestURI();
    assertThat(ruri.getUser()).isEqualTo("447700900123");
    assertThat(ruri.getHost()).isEqualTo("127.0.0.1");
    assertThat(ruri.getPort()).isEqualTo(trunk.port);
    SipURI fromUri = (SipURI) ((javax.sip.header.FromHeader) atTrunk.getHeader("From")).getAddress().getURI();
    assertThat(fromUri.getUser()).as("the connect's from, without '+'").isEqualTo("447700900999");
    trunk.awaitRequest(Request.ACK, 1, WAIT);
    callerHangsUp(trunk);

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "answered", "completed");
    assertCommonFields(events, conversation, "447700900999", "447700900123");
    List<JsonObject> records = lab.assertRecordsMatch(conversation, events);
    assertThat(records).filteredOn(r -> r.getString("direction").equals("outbound")).singleElement()
        .satisfies(r -> assertThat(r.getJsonObject("to").getString("type")).isEqualTo("phone"));
  }

  @Test
  void customHeadersAndUserToUserReachTheCallee() {
    callee.answers(Step.now(603));
    JsonObject endpoint = new JsonObject().put("type", "sip").put("uri", callee.uri("bob"))
        .put("headers", new JsonObject().put("Tenant", "acme").put("X-Ticket", "42"))
        .put("standardHeaders", new JsonObject().put("User-to-User", "56a390f3d2b7310023a2;encoding=hex"));
    ClientTransaction invite = dial(ncco(new JsonObject().put("action", "connect")
        .put("endpoint", new JsonArray().add(endpoint))));
    assertThat(caller.awaitFinal(invite, WAIT).getStatusCode()).isEqualTo(603);
    Request atCallee = callee.awaitRequest(Request.INVITE, 1, WAIT);
    assertThat(Phone.header(atCallee, "X-Tenant")).isEqualTo("acme");
    assertThat(Phone.header(atCallee, "X-Ticket")).isEqualTo("42");
    assertThat(atCallee.getHeader("X-X-Ticket")).isNull();
    assertThat(Phone.header(atCallee, "User-to-User")).isEqualTo("56a390f3d2b7310023a2;encoding=hex");

    String conversation = lab.conversation(from);
    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "rejected");
    assertThat(event(events, "outbound", "rejected").getString("detail")).isEqualTo("declined");
    assertThat(statuses(events, "inbound")).containsExactly("started", "rejected");
    lab.assertRecordsMatch(conversation, events);
  }

  @Test
  void notifyPostsItsPayloadAndTheNccoInItsAnswerReplacesTheRest() {
    try (Phone second = Phone.start("second")) {
      answering(second);
      callee.answers(Step.now(486));
      String hook = lab.spec.prefix() + "/notify";
      lab.app.script(hook, AppServer.Reply.ncco(ncco(connectSip(second.uri("carol"), new JsonObject())).encode()));
      JsonObject payload = new JsonObject().put("step", "before-connect").put("n", 7);
      ClientTransaction invite = dial(ncco(
          new JsonObject().put("action", "notify").put("payload", payload)
              .put("eventUrl", new JsonArray().add(lab.app.url(hook))),
          connectSip(callee.uri("bob"), new JsonObject())));
      Response ok = caller.awaitResponse(invite, 200, WAIT);
      assertThat(Phone.body(ok)).isEqualTo(second.sdp("sendrecv"));
      caller.ack(ok);
      second.awaitRequest(Request.ACK, 1, WAIT);
      List<AppServer.Recorded> posted = lab.app.requests(hook);
      assertThat(posted).hasSize(1);
      assertThat(posted.get(0).method()).isEqualTo("POST");
      assertThat(posted.get(0).json()).isEqualTo(payload);
      assertThat(callee.requests(Request.INVITE)).as("the replaced connect never ran").isEmpty();
      callerHangsUp(second);

      String conversation = lab.conversation(from);
      List<JsonObject> events = lab.awaitEnd(conversation);
      assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "answered", "completed");
      assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "answered", "completed");
      assertCommonFields(events, conversation, second.uri("carol"));
      lab.assertRecordsMatch(conversation, events);
    }
  }

  @Test
  void hangupThroughTheApiEndsAnAnsweredCall() {
    answeredCall(new JsonObject());
    String conversation = lab.conversation(from);
    String inbound = event(lab.events(conversation), "inbound", "started").getString("uuid");
    AdmissionNode.ApiResponse r = lab.node.api("PUT", "/v1/calls/" + inbound,
        new JsonObject().put("action", "hangup"), lab.account.apiKey(), lab.account.apiSecret());
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    caller.awaitRequest(Request.BYE, 1, WAIT);
    callee.awaitRequest(Request.BYE, 1, WAIT);

    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "answered", "completed");
    assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "answered", "completed");
    assertCompleted(events, "platform");
    lab.assertRecordsMatch(conversation, events);
    AdmissionNode.ApiResponse again = lab.node.api("PUT", "/v1/calls/" + inbound,
        new JsonObject().put("action", "hangup"), lab.account.apiKey(), lab.account.apiSecret());
    assertThat(again.status()).as("a second hangup of an ended call").isEqualTo(409);
  }

  @Test
  void hangupThroughTheApiCancelsARingingCall() {
    callee.answers(Step.now(180));
    ClientTransaction invite = dial(ncco(connectSip(callee.uri("bob"), new JsonObject())));
    caller.awaitResponse(invite, 180, WAIT);
    String conversation = lab.conversation(from);
    String inbound = event(lab.events(conversation), "inbound", "started").getString("uuid");
    Waits.until(() -> lab.records(conversation).size() == 2, WAIT, () -> "records " + lab.records(conversation));
    AdmissionNode.ApiResponse r = lab.node.api("PUT", "/v1/calls/" + inbound,
        new JsonObject().put("action", "hangup"), lab.account.apiKey(), lab.account.apiSecret());
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    assertThat(caller.awaitFinal(invite, WAIT).getStatusCode()).isEqualTo(480);
    callee.awaitRequest(Request.CANCEL, 1, WAIT);

    List<JsonObject> events = lab.awaitEnd(conversation);
    assertThat(statuses(events, "outbound")).containsExactly("started", "ringing", "cancelled");
    assertThat(statuses(events, "inbound")).containsExactly("started", "ringing", "cancelled");
    lab.assertRecordsMatch(conversation, events);
  }
}
