package io.psip.sip.transaction.impl;

import io.psip.sip.message.SipRequest;
import io.psip.sip.message.SipResponse;
import io.psip.sip.message.Via;

import java.util.Locale;

/** Transaction matching keys (RFC 3261 §17.1.3, §17.2.3). */
public final class TransactionKeys {
  private TransactionKeys() {}

  /**
   * RFC 3261 §17.2.3: branch, sent-by and method, with ACK matching its INVITE. Requests without the magic cookie
   * (RFC 2543 peers, RFC 4475 §3.4.1) fall back to Call-ID, CSeq number, From tag and the whole top Via.
   */
  public static String server(SipRequest req) {
    String method = req.method().equals("ACK") ? "INVITE" : req.method();
    Via via = req.topVia();
    if (via.hasRfc3261Branch()) {
      return via.branch() + '|' + via.host().toLowerCase(Locale.ROOT) + ':' + via.port() + '|' + method;
    }
    String fromTag = req.from().tag();
    return "2543|" + req.callId() + '|' + req.cseq().number() + '|' + fromTag + '|' + via + '|' + method;
  }

  /**
   * RFC 3261 §8.2.2.2: requests outside a dialog (no To tag) with the same From tag, Call-ID and CSeq are the same
   * request; {@code null} for requests inside a dialog.
   */
  public static String merged(SipRequest req) {
    if (req.to() == null || req.to().tag() != null || req.from() == null || req.cseq() == null) return null;
    return req.callId() + '|' + req.cseq() + '|' + req.from().tag();
  }

  /** The INVITE server transaction a CANCEL refers to (RFC 3261 §9.2): same key, method INVITE. */
  public static String cancelled(SipRequest cancel) {
    String k = server(cancel);
    return k.substring(0, k.length() - "CANCEL".length()) + "INVITE";
  }

  /** RFC 3261 §17.1.3: the top Via branch and the CSeq method. */
  public static String client(String branch, String method) { return branch + '|' + method; }

  public static String client(SipResponse resp) {
    Via via = resp.topVia();
    if (via == null || via.branch() == null || resp.cseq() == null) return null;
    return client(via.branch(), resp.cseq().method());
  }

  /**
   * How an ACK for a 2xx finds the INVITE it acknowledges: it is a new transaction (RFC 3261 §13.2.2.4). The To tag
   * is the one of the 2xx (which the ACK's To carries): two INVITEs of one call that both reach
   * this UAS (a request forked upstream, RFC 3261 §8.2.2.2) are answered with different tags and acknowledged apart.
   */
  public static String dialogAck(SipRequest req, String toTag) {
    return req.callId() + '|' + req.cseq().number() + '|' + req.from().tag() + '|' + toTag;
  }
}
