package io.psip.sip.testing;

import gov.nist.core.CommonLogger;
import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.message.SIPMessage;

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
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The JAIN-SIP reference implementation (NIST, {@code gov.nist}) in this JVM as an independent SIP peer: one stack
 * listening on 127.0.0.1 with UDP and TCP on one free port, one provider, and a listener that records every event.
 * JAIN-SIP's own logging (log4j, not on the classpath) is replaced by no-op loggers.
 */
public final class JainSipPeer implements SipListener, AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  public final SipStack stack;
  public final SipProvider provider;
  public final AddressFactory addresses;
  public final HeaderFactory headers;
  public final MessageFactory messages;
  public final int port;
  public final List<RequestEvent> requests = new CopyOnWriteArrayList<>();
  public final List<ResponseEvent> responses = new CopyOnWriteArrayList<>();
  public final List<TimeoutEvent> timeouts = new CopyOnWriteArrayList<>();
  public final List<IOExceptionEvent> ioErrors = new CopyOnWriteArrayList<>();
  public final List<DialogTerminatedEvent> dialogsTerminated = new CopyOnWriteArrayList<>();
  private volatile Consumer<RequestEvent> onRequest = e -> {};
  private volatile Consumer<ResponseEvent> onResponse = e -> {};

  static {
    // JAIN-SIP logs through log4j unless told otherwise; install the no-op logger before any stack class logs
    CommonLogger.legacyLogger = new QuietLogger();
  }

  private JainSipPeer(String name) throws Exception {
    this.port = freePort();
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    Properties p = new Properties();
    p.setProperty("javax.sip.STACK_NAME", name + "-" + COUNTER.incrementAndGet());
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
    ListeningPoint udp = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
    ListeningPoint tcp = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.TCP);
    provider = stack.createSipProvider(udp);
    provider.addListeningPoint(tcp);
    provider.addSipListener(this);
    stack.start();
  }

  public static JainSipPeer start(String name) {
    try {
      return new JainSipPeer(name);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start JAIN-SIP", e);
    }
  }

  /** What to do with each request (besides recording it); runs on a JAIN-SIP thread. */
  public JainSipPeer onRequest(Consumer<RequestEvent> c) {
    this.onRequest = c;
    return this;
  }

  public JainSipPeer onResponse(Consumer<ResponseEvent> c) {
    this.onResponse = c;
    return this;
  }

  /** A port free for both UDP and TCP on 127.0.0.1 (JAIN-SIP cannot listen on port 0 and report the port). */
  private static int freePort() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int i = 0; i < 50; i++) {
      try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(lo, 0))) {
        int port = d.getLocalPort();
        try (ServerSocket s = new ServerSocket()) {
          s.setReuseAddress(true);
          s.bind(new InetSocketAddress(lo, port));
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free port");
  }

  /** The responses with this status, in arrival order. */
  public List<ResponseEvent> responses(int status) {
    return responses.stream().filter(r -> r.getResponse().getStatusCode() == status).toList();
  }

  public List<RequestEvent> requests(String method) {
    return requests.stream().filter(r -> r.getRequest().getMethod().equals(method)).toList();
  }

  public ResponseEvent awaitResponse(int status, String method, Duration timeout) {
    Waits.until(() -> find(status, method) != null, timeout, () -> "JAIN-SIP got no " + status + " to " + method
        + "; got " + responses.stream().map(r -> r.getResponse().getStatusCode() + "/"
        + ((javax.sip.header.CSeqHeader) r.getResponse().getHeader("CSeq")).getMethod()).toList()
        + ", timeouts " + timeouts.size() + ", io errors " + ioErrors.size());
    return find(status, method);
  }

  private ResponseEvent find(int status, String method) {
    for (ResponseEvent r : responses) {
      javax.sip.header.CSeqHeader c = (javax.sip.header.CSeqHeader) r.getResponse().getHeader("CSeq");
      if (r.getResponse().getStatusCode() == status && c.getMethod().equals(method)) return r;
    }
    return null;
  }

  public RequestEvent awaitRequest(String method, Duration timeout) {
    Waits.until(() -> !requests(method).isEmpty(), timeout, () -> "JAIN-SIP got no " + method);
    return requests(method).get(0);
  }

  @Override
  public void processRequest(RequestEvent e) {
    requests.add(e);
    onRequest.accept(e);
  }

  @Override
  public void processResponse(ResponseEvent e) {
    responses.add(e);
    onResponse.accept(e);
  }

  @Override
  public void processTimeout(TimeoutEvent e) { timeouts.add(e); }

  @Override
  public void processIOException(IOExceptionEvent e) { ioErrors.add(e); }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent e) { }

  @Override
  public void processDialogTerminated(DialogTerminatedEvent e) { dialogsTerminated.add(e); }

  @Override
  public void close() {
    stack.stop();
  }

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
