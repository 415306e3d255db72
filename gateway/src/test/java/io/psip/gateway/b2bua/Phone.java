package io.psip.gateway.b2bua;

import io.psip.gateway.testing.JainSipUac;
import io.psip.gateway.testing.Waits;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A telephone made of the JAIN-SIP reference implementation (NIST): its own transactions, dialogs, retransmissions
 * and ACKs of non-2xx answers. As the caller it sends INVITEs to a psip node (the Request-URI names the psip domain, a
 * loose Route names the node's socket) and drives the dialog (ACK, BYE, CANCEL, re-INVITE); as a callee it answers
 * the INVITE psip sends it with a script of responses ({@link #answers}), re-INVITEs with {@link #reinviteAnswer},
 * BYE/INFO/UPDATE with 200 and CANCEL with 200 plus 487. Everything it receives is recorded, in arrival order.
 */
final class Phone implements SipListener, AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** One response of a callee's script, sent {@code delayMs} after the previous one. */
  record Step(long delayMs, int status, String sdp) {
    static Step now(int status) { return new Step(0, status, null); }

    static Step after(long delayMs, int status) { return new Step(delayMs, status, null); }

    Step withSdp(String body) { return new Step(delayMs, status, body); }
  }

  final String name;
  final SipStack stack;
  final SipProvider provider;
  final AddressFactory addresses;
  final HeaderFactory headers;
  final MessageFactory messages;
  final int port;
  private final String tag;
  private final List<RequestEvent> requests = new CopyOnWriteArrayList<>();
  private final List<ResponseEvent> responses = new CopyOnWriteArrayList<>();
  private final List<TimeoutEvent> timeouts = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler;
  private final List<ScheduledFuture<?>> pending = new CopyOnWriteArrayList<>();
  private volatile List<Step> script = List.of();
  private volatile String reinviteAnswer;
  private volatile ServerTransaction inviteTx;
  private volatile Dialog dialog;

  static {
    gov.nist.core.CommonLogger.legacyLogger = new JainSipUac.QuietLogger();
  }

  private Phone(String name) throws Exception {
    this.name = name;
    this.tag = name + COUNTER.incrementAndGet();
    this.port = freePort();
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    Properties p = new Properties();
    p.setProperty("javax.sip.STACK_NAME", "b2bua-" + tag);
    p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
    p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
    p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipUac.QuietLogger.class.getName());
    p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", JainSipUac.QuietServerLog.class.getName());
    p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
    stack = factory.createSipStack(p);
    addresses = factory.createAddressFactory();
    headers = factory.createHeaderFactory();
    messages = factory.createMessageFactory();
    ListeningPoint udp = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
    provider = stack.createSipProvider(udp);
    provider.addSipListener(this);
    stack.start();
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "phone-" + tag);
      t.setDaemon(true);
      return t;
    });
  }

  static Phone start(String name) {
    try {
      return new Phone(name);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start JAIN-SIP phone " + name, e);
    }
  }

  /** {@code sip:<user>@127.0.0.1:<port>} */
  String uri(String user) { return "sip:" + user + "@127.0.0.1:" + port; }

  /** An SDP body naming this phone, its media port and direction ({@code sendrecv}, {@code sendonly}…). */
  String sdp(String direction) {
    return "v=0\r\no=" + name + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio "
        + (port + 1000) + " RTP/AVP 0\r\na=" + direction + "\r\n";
  }

  // ---------------------------------------------------------------- as the callee

  /** The responses the next initial INVITE gets, in order (no steps: it is never answered). */
  Phone answers(Step... steps) {
    script = List.of(steps);
    return this;
  }

  /** The body of the 200 a re-INVITE gets. */
  Phone reinviteAnswer(String sdp) {
    reinviteAnswer = sdp;
    return this;
  }

  // ---------------------------------------------------------------- as the caller

  /** An INVITE to {@code requestUri} through the psip node at 127.0.0.1:{@code psipPort}, offering {@code sdp}. */
  ClientTransaction call(int psipPort, String requestUri, String fromUser, String sdp, String... extra) {
    try {
      SipURI uri = (SipURI) addresses.createURI(requestUri);
      ViaHeader via = headers.createViaHeader("127.0.0.1", port, "udp", null);
      via.setRPort();
      Request invite = messages.createRequest(uri, Request.INVITE, provider.getNewCallId(),
          headers.createCSeqHeader(1L, Request.INVITE),
          headers.createFromHeader(addresses.createAddress("sip:" + fromUser + "@127.0.0.1"), tag),
          headers.createToHeader(addresses.createAddress(uri), null), new ArrayList<>(List.of(via)),
          headers.createMaxForwardsHeader(70));
      invite.addHeader(headers.createContactHeader(addresses.createAddress(uri(fromUser))));
      invite.addHeader(headers.createRouteHeader(addresses.createAddress("<sip:127.0.0.1:" + psipPort + ";lr>")));
      for (String line : extra) {
        int colon = line.indexOf(':');
        invite.addHeader(headers.createHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
      if (sdp != null) invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
      ClientTransaction ct = provider.getNewClientTransaction(invite);
      ct.sendRequest();
      return ct;
    } catch (Exception e) {
      throw new IllegalStateException(name + " could not send the INVITE", e);
    }
  }

  /** ACKs a 2xx to an INVITE of this phone's dialog (the initial one or a re-INVITE). */
  void ack(Response ok) {
    try {
      Dialog d = dialog;
      d.sendAck(d.createAck(((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber()));
    } catch (Exception e) {
      throw new IllegalStateException(name + " could not ACK", e);
    }
  }

  ClientTransaction cancel(ClientTransaction invite) {
    try {
      ClientTransaction ct = provider.getNewClientTransaction(invite.createCancel());
      ct.sendRequest();
      return ct;
    } catch (Exception e) {
      throw new IllegalStateException(name + " could not CANCEL", e);
    }
  }

  /** A new request in this phone's dialog (BYE, re-INVITE with {@code sdp}, INFO…). */
  ClientTransaction inDialog(String method, String sdp) {
    return inDialog(method, sdp == null ? null : "application/sdp", sdp);
  }

  /** A new request in this phone's dialog with a body of {@code contentType} and extra header lines. */
  ClientTransaction inDialog(String method, String contentType, String body, String... extra) {
    try {
      Dialog d = dialog;
      Request r = d.createRequest(method);
      for (String line : extra) {
        int colon = line.indexOf(':');
        r.addHeader(headers.createHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
      if (body != null) {
        String[] type = contentType.split("/", 2);
        r.setContent(body, headers.createContentTypeHeader(type[0], type[1]));
      }
      ClientTransaction ct = provider.getNewClientTransaction(r);
      d.sendRequest(ct);
      return ct;
    } catch (Exception e) {
      throw new IllegalStateException(name + " could not send " + method + " in its dialog", e);
    }
  }

  // ---------------------------------------------------------------- what it got

  List<Request> requests(String method) {
    return requests.stream().map(RequestEvent::getRequest).filter(r -> r.getMethod().equals(method)).toList();
  }

  /** Responses to {@code method} requests, in arrival order. */
  List<Response> responses(String method) {
    return responses.stream().map(ResponseEvent::getResponse)
        .filter(r -> ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getMethod().equals(method)).toList();
  }

  List<Integer> statuses(String method) { return responses(method).stream().map(Response::getStatusCode).toList(); }

  List<Response> responsesTo(ClientTransaction ct) {
    return responses.stream().filter(e -> e.getClientTransaction() == ct).map(ResponseEvent::getResponse).toList();
  }

  /** The {@code n}th (from 1) {@code method} request received; fails the test when it does not come in time. */
  Request awaitRequest(String method, int n, Duration timeout) {
    Waits.until(() -> requests(method).size() >= n, timeout, () -> name + " got " + requests(method).size() + " "
        + method + " (expected " + n + "); all: " + requests.stream().map(e -> e.getRequest().getMethod()).toList());
    return requests(method).get(n - 1);
  }

  Response awaitResponse(ClientTransaction ct, int status, Duration timeout) {
    Waits.until(() -> responsesTo(ct).stream().anyMatch(r -> r.getStatusCode() == status), timeout,
        () -> name + " got no " + status + " to " + ct.getRequest().getMethod() + "; got "
            + responsesTo(ct).stream().map(Response::getStatusCode).toList() + ", timeouts " + timeouts.size());
    Response r = responsesTo(ct).stream().filter(x -> x.getStatusCode() == status).findFirst().orElseThrow();
    if (r.getStatusCode() >= 200 && r.getStatusCode() < 300 && ct.getRequest().getMethod().equals(Request.INVITE)) {
      dialog = ct.getDialog();
    }
    return r;
  }

  Response awaitFinal(ClientTransaction ct, Duration timeout) {
    Waits.until(() -> responsesTo(ct).stream().anyMatch(r -> r.getStatusCode() >= 200), timeout,
        () -> name + " got no final response to " + ct.getRequest().getMethod() + "; got "
            + responsesTo(ct).stream().map(Response::getStatusCode).toList() + ", timeouts " + timeouts.size());
    return responsesTo(ct).stream().filter(r -> r.getStatusCode() >= 200).findFirst().orElseThrow();
  }

  static String body(javax.sip.message.Message m) {
    byte[] raw = m.getRawContent();
    return raw == null ? "" : new String(raw, StandardCharsets.US_ASCII);
  }

  /** A header's value as received ({@code null} when absent). */
  static String header(javax.sip.message.Message m, String name) {
    javax.sip.header.Header h = m.getHeader(name);
    if (h == null) return null;
    String line = h.toString().trim();
    return line.substring(line.indexOf(':') + 1).trim();
  }

  // ---------------------------------------------------------------- SipListener

  @Override
  public void processRequest(RequestEvent e) {
    requests.add(e);
    Request r = e.getRequest();
    try {
      switch (r.getMethod()) {
        case Request.INVITE -> {
          ServerTransaction st = serverTransaction(e);
          if (((ToHeader) r.getHeader(ToHeader.NAME)).getTag() == null) {
            inviteTx = st;
            dialog = st.getDialog();
            long at = 0;
            for (Step step : script) {
              at += step.delayMs();
              pending.add(scheduler.schedule(() -> respond(st, step.status(), step.sdp()), at, TimeUnit.MILLISECONDS));
            }
          } else {
            respond(st, 200, reinviteAnswer);
          }
        }
        case Request.BYE, Request.INFO, Request.UPDATE -> serverTransaction(e).sendResponse(messages.createResponse(200, r));
        case Request.CANCEL -> {
          serverTransaction(e).sendResponse(messages.createResponse(200, r));
          pending.forEach(f -> f.cancel(false));
          ServerTransaction st = inviteTx;
          if (st != null && (st.getState() == null || st.getState().getValue() < javax.sip.TransactionState._COMPLETED)) {
            respond(st, 487, null);
          }
        }
        default -> { } // ACK: recorded
      }
    } catch (Exception ex) {
      throw new IllegalStateException(name + " could not handle " + r.getMethod(), ex);
    }
  }

  private ServerTransaction serverTransaction(RequestEvent e) throws Exception {
    return e.getServerTransaction() != null ? e.getServerTransaction() : provider.getNewServerTransaction(e.getRequest());
  }

  private void respond(ServerTransaction st, int status, String sdp) {
    try {
      Response response = messages.createResponse(status, st.getRequest());
      ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
      if (status > 100 && to.getTag() == null) to.setTag(tag);
      if (status > 100 && status < 300) response.addHeader(headers.createContactHeader(addresses.createAddress(uri(name))));
      if (sdp != null) response.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
      st.sendResponse(response);
    } catch (Exception e) {
      throw new IllegalStateException(name + " could not send " + status, e);
    }
  }

  @Override
  public void processResponse(ResponseEvent e) { responses.add(e); }

  @Override
  public void processTimeout(TimeoutEvent e) { timeouts.add(e); }

  @Override
  public void processIOException(IOExceptionEvent e) { }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent e) { }

  @Override
  public void processDialogTerminated(DialogTerminatedEvent e) { }

  @Override
  public void close() {
    scheduler.shutdownNow();
    stack.stop();
  }

  /** Closes in the background: JAIN-SIP takes a while to stop, and a test's verdict no longer depends on it. */
  void closeLater() {
    Thread t = new Thread(this::close, "close-" + tag);
    t.setDaemon(true);
    t.start();
  }

  private static int freePort() throws IOException {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    for (int i = 0; i < 50; i++) {
      try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(lo, 0))) {
        int p = d.getLocalPort();
        if (p < 64000) return p; // leaves room for the SDP's media port (port + 1000) to look sane
      }
    }
    throw new IOException("no free port");
  }
}
