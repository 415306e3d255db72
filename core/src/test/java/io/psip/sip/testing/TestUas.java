package io.psip.sip.testing;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.stack.SipStack;
import io.psip.sip.transaction.ServerTransaction;
import io.psip.sip.transport.InboundMessage;
import io.psip.sip.transport.Transport;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A user agent server built on the stack, as an application would use it: INVITE is answered 180 then 200 with an
 * SDP answer and a Contact (the ACK is expected), BYE and everything else 200. It records every request the
 * application saw, in order, so that tests can assert that a request reached the application exactly once, and
 * every ACK, CANCEL, ACK timeout and stray ACK it was told about.
 * <p>
 * Runs on the stack's context (it is the stack's request handler); the recording lists are safe to read from the
 * test thread.
 */
public final class TestUas implements Handler<ServerTransaction> {
  /** What to do with an INVITE. */
  public enum InviteMode {
    /** 180, then 200 with SDP (after {@link #answerDelay}). */
    ANSWER,
    /** 180 and nothing more: the test answers (or cancels) by hand through {@link #transactions()}. */
    RING_ONLY,
    /** 180, then 486 Busy Here. */
    BUSY
  }

  public static final String SDP_ANSWER = "v=0\r\no=psip 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
      + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

  private final List<SipRequest> requests = new CopyOnWriteArrayList<>();
  private final List<ServerTransaction> transactions = new CopyOnWriteArrayList<>();
  private final List<SipRequest> acks = new CopyOnWriteArrayList<>();
  private final List<SipRequest> cancels = new CopyOnWriteArrayList<>();
  private final List<SipRequest> ackTimeouts = new CopyOnWriteArrayList<>();
  private final List<InboundMessage> strayAcks = new CopyOnWriteArrayList<>();
  private SipStack stack;
  private Vertx vertx;
  private volatile InviteMode inviteMode = InviteMode.ANSWER;
  private volatile long answerDelayMs;
  private volatile Predicate<SipRequest> hold = r -> false;
  private volatile Function<ServerTransaction, String> contact = this::defaultContact;

  /** Connects to the stack it serves (called by {@link StackFixture}). */
  public void attach(SipStack stack, Vertx vertx) {
    this.stack = stack;
    this.vertx = vertx;
    stack.requestHandler(this);
    stack.ackHandler(strayAcks::add);
  }

  /** Resets behaviour and recordings between tests. */
  public void reset() {
    inviteMode = InviteMode.ANSWER;
    answerDelayMs = 0;
    hold = r -> false;
    contact = this::defaultContact;
    requests.clear();
    transactions.clear();
    acks.clear();
    cancels.clear();
    ackTimeouts.clear();
    strayAcks.clear();
  }

  public TestUas inviteMode(InviteMode mode) {
    this.inviteMode = mode;
    return this;
  }

  /** How long after the 180 the 200 is sent. */
  public TestUas answerDelay(Duration d) {
    this.answerDelayMs = d.toMillis();
    return this;
  }

  /** Requests (other than INVITE) matching this are not answered: the test answers them through {@link #transactions()}. */
  public TestUas hold(Predicate<SipRequest> p) {
    this.hold = p;
    return this;
  }

  /** The Contact the 200 to INVITE carries, for example the lossy relay's address. */
  public TestUas contact(Function<ServerTransaction, String> c) {
    this.contact = c;
    return this;
  }

  private String defaultContact(ServerTransaction tx) {
    boolean tcp = tx.source().transport() == Transport.TCP;
    int port = tcp ? stack.tcpPort() : stack.udpPort();
    return "<sip:uas@127.0.0.1:" + port + (tcp ? ";transport=tcp" : "") + ">";
  }

  @Override
  public void handle(ServerTransaction tx) {
    SipRequest req = tx.request();
    requests.add(req);
    transactions.add(tx);
    if (req.isMethod("INVITE")) {
      tx.ackHandler(acks::add);
      tx.cancelHandler(cancels::add);
      tx.ackTimeoutHandler(v -> ackTimeouts.add(req));
      tx.respond(tx.createResponse(180).add("Contact", contact.apply(tx)).build());
      switch (inviteMode) {
        case ANSWER -> {
          if (answerDelayMs <= 0) answer(tx);
          else vertx.setTimer(answerDelayMs, t -> answer(tx));
        }
        case BUSY -> tx.respond(486, "busy (TestUas)");
        case RING_ONLY -> { }
      }
      return;
    }
    if (hold.test(req)) return;
    tx.respond(tx.createResponse(200).build());
  }

  private void answer(ServerTransaction tx) {
    if (tx.isCompleted()) return; // cancelled meanwhile
    tx.respond(ok(tx));
  }

  /** The 200 this UAS sends to an INVITE. */
  public SipResponse ok(ServerTransaction tx) {
    return tx.createResponse(200).add("Contact", contact.apply(tx))
        .body(SDP_ANSWER.getBytes(StandardCharsets.US_ASCII), "application/sdp").build();
  }

  /** Every request the application saw, in order. */
  public List<SipRequest> requests() { return List.copyOf(requests); }

  public List<SipRequest> requests(String method) {
    List<SipRequest> out = new ArrayList<>();
    for (SipRequest r : requests) if (r.isMethod(method)) out.add(r);
    return out;
  }

  public int count(String method) { return requests(method).size(); }

  public List<ServerTransaction> transactions() { return List.copyOf(transactions); }

  /** The server transaction of the last request with this method. */
  public ServerTransaction lastTransaction(String method) {
    ServerTransaction found = null;
    // a transaction releases its request once completed: the request list runs in step with the transactions
    for (int i = 0; i < transactions.size(); i++) if (requests.get(i).isMethod(method)) found = transactions.get(i);
    if (found == null) throw new AssertionError("no " + method + " reached the application");
    return found;
  }

  /** ACKs for 2xx, as the INVITE transactions' ack handlers got them. */
  public List<SipRequest> acks() { return List.copyOf(acks); }

  public List<SipRequest> cancels() { return List.copyOf(cancels); }

  public List<SipRequest> ackTimeouts() { return List.copyOf(ackTimeouts); }

  /** ACKs that matched no transaction and went to the stack's ACK handler. */
  public List<InboundMessage> strayAcks() { return List.copyOf(strayAcks); }

  /** Waits until the application has seen {@code n} requests with this method. */
  public void awaitCount(String method, int n, Duration timeout) {
    Waits.until(() -> count(method) >= n, timeout, () -> "application saw " + count(method) + " " + method + " of " + n
        + "; all: " + summary());
  }

  public String summary() {
    List<String> s = new ArrayList<>();
    for (SipRequest r : requests) s.add(r.method());
    return s.toString();
  }
}
