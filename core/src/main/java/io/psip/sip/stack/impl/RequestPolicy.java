package io.psip.sip.stack.impl;

import io.psip.sip.message.HeaderNames;
import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipUri;
import io.psip.sip.message.Via;
import io.psip.sip.stack.SipStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every new request passes before anything else sees it (RFC 3261 §8.2, §16.3), in RFC order. Each
 * rejection names its reason, which goes on the wire as {@code Warning: 399} and into the log.
 */
public final class RequestPolicy {
  /** Methods of RFC 3261 and its extensions that psip knows but does not serve: 405, not 501 (RFC 3261 §8.2.1). */
  private static final Set<String> KNOWN = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
      "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE");
  public static final String ALLOW = String.join(", ", SipStack.ALLOWED_METHODS);
  public static final String ACCEPT = "application/sdp";
  /** Methods whose body psip interprets as a session description. */
  private static final Set<String> SDP_METHODS = Set.of("INVITE", "ACK", "UPDATE");

  /** A rejection: status, the reason for Warning/logs, and headers RFC 3261 asks for with that status. */
  public record Rejection(int status, String reason, List<String[]> headers) {
    Rejection(int status, String reason) { this(status, reason, List.of()); }
  }

  private final Set<String> supported;

  public RequestPolicy(List<String> supportedOptions) {
    Set<String> s = new java.util.HashSet<>();
    for (String t : supportedOptions) s.add(t.toLowerCase(Locale.ROOT));
    this.supported = s;
  }

  /** {@code null} when the request may proceed. ACK is never rejected (RFC 3261 §17: no response to ACK). */
  public Rejection check(SipRequest req) {
    String method = req.method();
    // RFC 3261 §8.2.2.1: a scheme we do not understand
    if (!(req.requestUri() instanceof SipUri uri)) {
      return new Rejection(416, "Request-URI scheme '" + req.requestUri().scheme() + "' is not supported");
    }
    // RFC 3261 §19.1.1 (Table 1): headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11)
    if (uri.headers() != null) return new Rejection(400, "Request-URI must not carry headers");
    // RFC 3261 §8.2.1: unknown methods get 501 with Allow (preferred over 400 for CSeq mismatch, RFC 4475 §3.1.2.18)
    if (!KNOWN.contains(method)) {
      return new Rejection(501, "method " + method + " is not implemented", List.<String[]>of(new String[]{HeaderNames.ALLOW, ALLOW}));
    }
    // RFC 3261 §8.1.1.5: the CSeq method matches the request method (RFC 4475 §3.1.2.17)
    if (!req.cseq().method().equals(method)) {
      return new Rejection(400, "CSeq method " + req.cseq().method() + " does not match " + method);
    }
    // RFC 3261 §8.1.1.7: a branch that is only the magic cookie identifies nothing (RFC 4475 §3.2.1)
    Via top = req.topVia();
    if (Via.MAGIC_COOKIE.equals(top.branch())) return new Rejection(400, "Via branch has no transaction id");
    if (method.equals("ACK")) return null;
    if (!SipStack.ALLOWED_METHODS.contains(method)) {
      return new Rejection(405, "method " + method + " is not served here", List.<String[]>of(new String[]{HeaderNames.ALLOW, ALLOW}));
    }
    // RFC 3261 §16.3 step 2: psip forwards requests, so Max-Forwards 0 ends here, except OPTIONS it answers itself (§11)
    if (req.maxForwards() == 0 && !method.equals("OPTIONS")) return new Rejection(483, "Max-Forwards reached 0");
    // RFC 3261 §8.2.2.3: every Require option must be supported (not checked for CANCEL)
    if (!method.equals("CANCEL")) {
      List<String> unsupported = new ArrayList<>();
      for (String tag : req.optionTags(HeaderNames.REQUIRE)) {
        if (!supported.contains(tag.toLowerCase(Locale.ROOT))) unsupported.add(tag);
      }
      if (!unsupported.isEmpty()) {
        return new Rejection(420, "unsupported extension " + String.join(", ", unsupported),
            List.<String[]>of(new String[]{HeaderNames.UNSUPPORTED, String.join(", ", unsupported)}));
      }
    }
    if (SDP_METHODS.contains(method)) {
      // RFC 3261 §8.2.3: a body psip cannot interpret (RFC 4475 §3.3.6)
      if (req.hasBody()) {
        String type = req.contentType();
        if (type == null || !type.equals(ACCEPT)) {
          return new Rejection(415, "Content-Type " + (type == null ? "(none)" : type) + " is not supported",
              List.<String[]>of(new String[]{HeaderNames.ACCEPT, ACCEPT}));
        }
        String encoding = req.header(HeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
          return new Rejection(415, "Content-Encoding " + encoding + " is not supported",
              List.<String[]>of(new String[]{HeaderNames.ACCEPT_ENCODING, "identity"}));
        }
      }
      // RFC 3261 §21.4.7: the caller cannot accept the session descriptions psip sends (RFC 4475 §3.3.15)
      List<String> accept = req.headerValues(HeaderNames.ACCEPT);
      if (!accept.isEmpty() && !acceptsSdp(accept)) {
        return new Rejection(406, "Accept does not include application/sdp",
            List.<String[]>of(new String[]{HeaderNames.ACCEPT, ACCEPT}));
      }
    }
    return null;
  }

  private static boolean acceptsSdp(List<String> accept) {
    for (String a : accept) {
      int semi = a.indexOf(';');
      String range = (semi < 0 ? a : a.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
      if (range.equals(ACCEPT) || range.equals("application/*") || range.equals("*/*") || range.isEmpty()) return true;
    }
    return false;
  }
}
