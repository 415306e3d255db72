package io.psip.gateway.testing;

import gov.nist.core.CommonLogger;
import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AccountManager;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import gov.nist.javax.sip.message.SIPMessage;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JAIN-SIP reference implementation (NIST) as an independent user agent client: its own message building,
 * transactions (retransmissions, the ACK of a non-2xx final response) and, for digest, its own
 * {@link AuthenticationHelper} computing the MD5 answer to a challenge. Every request goes to the psip node through
 * JAIN-SIP's outbound proxy setting, over one transport; the Request-URI names the psip host (which does not resolve).
 * JAIN-SIP's logging is replaced by no-op loggers.
 */
public final class JainSipUac implements SipListener, AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  public final SipStack stack;
  public final SipProvider provider;
  public final AddressFactory addresses;
  public final HeaderFactory headers;
  public final MessageFactory messages;
  public final int port;
  public final String transport;
  private final List<ResponseEvent> responses = new CopyOnWriteArrayList<>();
  private final List<TimeoutEvent> timeouts = new CopyOnWriteArrayList<>();
  private final List<IOExceptionEvent> ioErrors = new CopyOnWriteArrayList<>();

  static {
    CommonLogger.legacyLogger = new QuietLogger();
  }

  private JainSipUac(String transport, int serverPort) throws Exception {
    this.transport = transport;
    this.port = freePort();
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    Properties p = new Properties();
    p.setProperty("javax.sip.STACK_NAME", "psip-uac-" + COUNTER.incrementAndGet());
    p.setProperty("javax.sip.OUTBOUND_PROXY", "127.0.0.1:" + serverPort + "/" + transport);
    p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
    p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
    p.setProperty("gov.nist.javax.sip.STACK_LOGGER", QuietLogger.class.getName());
    p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", QuietServerLog.class.getName());
    p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
    p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
    stack = factory.createSipStack(p);
    addresses = factory.createAddressFactory();
    headers = factory.createHeaderFactory();
    messages = factory.createMessageFactory();
    ListeningPoint lp = stack.createListeningPoint("127.0.0.1", port, transport);
    provider = stack.createSipProvider(lp);
    provider.addSipListener(this);
    stack.start();
  }

  /** @param transport {@code udp} or {@code tcp} */
  public static JainSipUac start(String transport, int serverPort) {
    try {
      return new JainSipUac(transport.toLowerCase(), serverPort);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start JAIN-SIP", e);
    }
  }

  /**
   * Sends a new INVITE (JAIN-SIP's own Call-ID, tag, branch) to {@code requestUri} from {@code sip:<fromUser>@127.0.0.1}.
   *
   * @param extra header lines such as {@code "X-Acme: 1"}, parsed by JAIN-SIP's header factory
   */
  public ClientTransaction invite(String requestUri, String fromUser, String... extra) {
    try {
      SipURI uri = (SipURI) addresses.createURI(requestUri);
      Address from = addresses.createAddress(addresses.createSipURI(fromUser, "127.0.0.1"));
      Address to = addresses.createAddress(uri);
      List<ViaHeader> via = new ArrayList<>();
      via.add(headers.createViaHeader("127.0.0.1", port, transport, null));
      Request invite = messages.createRequest(uri, Request.INVITE, provider.getNewCallId(),
          headers.createCSeqHeader(1L, Request.INVITE), headers.createFromHeader(from, "uac" + System.nanoTime()),
          headers.createToHeader(to, null), via, headers.createMaxForwardsHeader(70));
      SipURI contact = addresses.createSipURI(fromUser, "127.0.0.1");
      contact.setPort(port);
      contact.setTransportParam(transport);
      invite.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
      for (String line : extra) {
        int colon = line.indexOf(':');
        invite.addHeader(headers.createHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
      ClientTransaction ct = provider.getNewClientTransaction(invite);
      ct.sendRequest();
      return ct;
    } catch (Exception e) {
      throw new IllegalStateException("JAIN-SIP could not send the INVITE", e);
    }
  }

  /** Every response to {@code ct} so far, in arrival order. */
  public List<Response> responsesTo(ClientTransaction ct) {
    List<Response> out = new ArrayList<>();
    for (ResponseEvent e : responses) if (e.getClientTransaction() == ct) out.add(e.getResponse());
    return out;
  }

  /** The final response to {@code ct}; fails the test when none comes within {@code timeout}. */
  public Response awaitFinal(ClientTransaction ct, Duration timeout) {
    Waits.until(() -> finalOf(ct) != null, timeout, () -> "JAIN-SIP got no final response to "
        + ct.getRequest().getMethod() + "; got " + responsesTo(ct).stream().map(Response::getStatusCode).toList()
        + ", timeouts " + timeouts.size() + ", io errors " + ioErrors.size());
    return finalOf(ct);
  }

  private Response finalOf(ClientTransaction ct) {
    for (Response r : responsesTo(ct)) if (r.getStatusCode() >= 200) return r;
    return null;
  }

  /**
   * Lets JAIN-SIP's {@link AuthenticationHelper} answer a 407 with {@code user}/{@code password}, offered only the
   * challenge of {@code algorithm} (JAIN-SIP computes MD5 only, so it must not see the SHA-256 one), and sends the
   * re-originated INVITE. Returns its transaction.
   */
  public ClientTransaction answerChallenge(Response challenge, ClientTransaction ct, String algorithm, String user,
                                           String password) {
    try {
      Response only = (Response) challenge.clone();
      List<String> kept = new ArrayList<>();
      ListIterator<?> it = challenge.getHeaders("Proxy-Authenticate");
      while (it.hasNext()) {
        String value = it.next().toString();
        value = value.substring(value.indexOf(':') + 1).trim();
        if (value.replace(" ", "").toLowerCase().contains("algorithm=" + algorithm.toLowerCase())) kept.add(value);
      }
      if (kept.size() != 1) throw new AssertionError("expected one " + algorithm + " challenge in\n" + challenge);
      only.removeHeader("Proxy-Authenticate");
      only.addHeader(headers.createHeader("Proxy-Authenticate", kept.get(0)));
      AccountManager accounts = (tx, realm) -> new UserCredentials() {
        @Override public String getUserName() { return user; }
        @Override public String getPassword() { return password; }
        @Override public String getSipDomain() { return realm; }
      };
      AuthenticationHelper helper = ((SipStackExt) stack).getAuthenticationHelper(accounts, headers);
      ClientTransaction retry = helper.handleChallenge(only, ct, provider, 0);
      retry.sendRequest();
      return retry;
    } catch (Exception e) {
      throw new IllegalStateException("JAIN-SIP could not answer the challenge", e);
    }
  }

  /** The CSeq number of a request or response. */
  public static long cseq(javax.sip.message.Message m) { return ((CSeqHeader) m.getHeader(CSeqHeader.NAME)).getSeqNumber(); }

  /** A port free for UDP and TCP on 127.0.0.1 (JAIN-SIP cannot listen on port 0 and report the port). */
  private static int freePort() throws IOException {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    for (int i = 0; i < 50; i++) {
      try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(lo, 0))) {
        int p = d.getLocalPort();
        try (ServerSocket s = new ServerSocket()) {
          s.setReuseAddress(true);
          s.bind(new InetSocketAddress(lo, p));
          return p;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free port");
  }

  @Override public void processRequest(RequestEvent e) { }

  @Override public void processResponse(ResponseEvent e) { responses.add(e); }

  @Override public void processTimeout(TimeoutEvent e) { timeouts.add(e); }

  @Override public void processIOException(IOExceptionEvent e) { ioErrors.add(e); }

  @Override public void processTransactionTerminated(TransactionTerminatedEvent e) { }

  @Override public void processDialogTerminated(DialogTerminatedEvent e) { }

  @Override
  public void close() { stack.stop(); }

  /** JAIN-SIP's stack logger, silenced. */
  public static final class QuietLogger implements StackLogger {
    @Override public void logStackTrace() { }
    @Override public void logStackTrace(int traceLevel) { }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { }
    @Override public void logDebug(String message) { }
    @Override public void logDebug(String message, Exception ex) { }
    @Override public void logTrace(String message) { }
    @Override public void logFatalError(String message) { }
    @Override public void logError(String message) { }
    @Override public boolean isLoggingEnabled() { return false; }
    @Override public boolean isLoggingEnabled(int logLevel) { return false; }
    @Override public void logError(String message, Exception ex) { }
    @Override public void logWarning(String message) { }
    @Override public void logInfo(String message) { }
    @Override public void disableLogging() { }
    @Override public void enableLogging() { }
    @Override public void setBuildTimeStamp(String buildTimeStamp) { }
    @Override public void setStackProperties(Properties stackProperties) { }
    @Override public String getLoggerName() { return "quiet"; }
  }

  /** JAIN-SIP's message logger, silenced. */
  public static final class QuietServerLog implements ServerLogger {
    @Override public void closeLogFile() { }
    @Override public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) { }
    @Override public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) { }
    @Override public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) { }
    @Override public void logException(Exception ex) { }
    @Override public void setStackProperties(Properties stackProperties) { }
    @Override public void setSipStack(SipStack sipStack) { }
  }
}
