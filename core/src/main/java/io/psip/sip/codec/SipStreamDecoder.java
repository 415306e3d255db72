package io.psip.sip.codec;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Frames SIP messages on a stream transport (TCP), in the manner of Netty's HttpObjectDecoder: one state enum and
 * one switch, a byte budget for the header section, Content-Length framing (RFC 3261 §18.3), pipelining, and CRLF
 * keep-alives (RFC 5626 §3.5.1). Not thread-safe: one decoder per connection, fed on its event loop.
 * <p>
 * After a framing error (bad or conflicting Content-Length, oversized headers) the decoder reports a failure with
 * {@code closeConnection} and ignores every later byte: nothing after bad framing is ever processed.
 */
public final class SipStreamDecoder {
  enum State { SKIP_CRLF, READ_HEAD, READ_BODY, BAD_MESSAGE }

  private final SipMessageParser parser;
  private final int headBudget;
  private byte[] buf = new byte[2048];
  private int r;    // first unconsumed byte
  private int w;    // end of data
  private int scan; // where the search for the end of the header section resumes
  private State state = State.SKIP_CRLF;
  private SipMessageParser.Head head;
  private int bodyStart;
  private boolean startLineSeen; // the start line of the message being read ended within its limit
  private int lineScan;          // where the search for the end of the start line resumes

  public SipStreamDecoder(SipMessageParser parser) {
    this.parser = parser;
    this.headBudget = parser.options().headSectionBytes();
  }

  /** Bytes buffered for a message not yet complete. */
  public int buffered() { return w - r; }

  /** True after a framing error: the connection must be closed. */
  public boolean isBroken() { return state == State.BAD_MESSAGE; }

  public void decode(byte[] data, Consumer<DecodeResult> out) { decode(data, 0, data.length, out); }

  public void decode(byte[] data, int off, int len, Consumer<DecodeResult> out) {
    if (state == State.BAD_MESSAGE || len == 0) return;
    append(data, off, len);
    boolean progress = true;
    while (progress && state != State.BAD_MESSAGE) {
      progress = switch (state) {
        case SKIP_CRLF -> skipCrlf(out);
        case READ_HEAD -> readHead(out);
        case READ_BODY -> readBody(out);
        case BAD_MESSAGE -> false;
      };
    }
    if (r == w) {
      r = w = scan = lineScan = 0;
      if (buf.length > 8192 && state == State.SKIP_CRLF) buf = new byte[2048];
    }
  }

  private boolean skipCrlf(Consumer<DecodeResult> out) {
    while (r < w) {
      byte c = buf[r];
      if (c == '\r') {
        if (w - r < 2) return false;
        if (buf[r + 1] != '\n') break; // a bare CR starts a (malformed) message
        if (w - r >= 4 && buf[r + 2] == '\r' && buf[r + 3] == '\n') {
          r += 4;
          out.accept(new DecodeResult.KeepAlive(true));
          continue;
        }
        if (w - r < 4 && (w - r == 2 || buf[r + 2] == '\r')) return false; // maybe half a ping
        r += 2; // a pong, or a stray CRLF before a start line (RFC 3261 §7.5)
      } else if (c == '\n') {
        r++;
      } else {
        break;
      }
    }
    if (r == w) return false;
    state = State.READ_HEAD;
    scan = lineScan = r;
    startLineSeen = false;
    return true;
  }

  private boolean readHead(Consumer<DecodeResult> out) {
    // 1. the start line, first: it is judged on its first maxStartLineBytes + 2 bytes only, so the verdict (414 or
    //    400) never depends on how the bytes were chunked. The search resumes where it stopped: bytes that trickle
    //    in one at a time cost no more than a whole start line arriving at once.
    if (!startLineSeen) {
      long limit = parser.options().getMaxStartLineBytes() + 2L; // start line, CR, LF
      int end = (int) Math.min(w, r + limit);
      if (SipMessageParser.indexOf(buf, (byte) '\n', Math.max(r, lineScan), end) >= 0) {
        startLineSeen = true;
      } else if (end - r >= limit) {
        Object h = parser.parseHead(buf, r, w); // reports the 414/400 with what it can read
        fail(out, h instanceof ParseFailure f ? f : SipMessageParser.earlyFailure(buf, r, w, 400, "start line too long"));
        return false;
      } else {
        lineScan = end;
        return false;
      }
    }
    // 2. the end of the header section, within the budget
    int blank = SipMessageParser.findBlankLine(buf, Math.max(r, scan - 2), w);
    if (blank < 0) {
      scan = w;
      if (w - r > headBudget) {
        fail(out, SipMessageParser.earlyFailure(buf, r, w, 513, "header section larger than " + headBudget + " bytes"));
      }
      return false;
    }
    if (blank - r > headBudget) {
      fail(out, SipMessageParser.earlyFailure(buf, r, blank, 513, "header section larger than " + headBudget + " bytes"));
      return false;
    }
    Object h = parser.parseHead(buf, r, blank);
    if (h instanceof ParseFailure f) {
      fail(out, f);
      return false;
    }
    head = (SipMessageParser.Head) h;
    if (head.contentLength < 0) head.contentLength = 0; // absent on a stream: no body (tolerated, RFC 3261 §20.14)
    bodyStart = blank + (buf[blank] == '\r' ? 2 : 1);
    state = State.READ_BODY;
    return true;
  }

  private boolean readBody(Consumer<DecodeResult> out) {
    if (w - bodyStart < head.contentLength) return false;
    DecodeResult result = parser.build(head, buf, r, bodyStart, head.contentLength);
    r = bodyStart + head.contentLength;
    head = null;
    state = State.SKIP_CRLF;
    out.accept(result);
    return true;
  }

  private void fail(Consumer<DecodeResult> out, ParseFailure f) {
    state = State.BAD_MESSAGE;
    buf = new byte[0];
    r = w = scan = 0;
    out.accept(new DecodeResult.Failure(f, true));
  }

  private void append(byte[] data, int off, int len) {
    if (w + len > buf.length) {
      int live = w - r;
      if (live + len <= buf.length && r > 0) {
        System.arraycopy(buf, r, buf, 0, live);
      } else {
        byte[] n = new byte[Math.max(buf.length * 2, live + len)];
        System.arraycopy(buf, r, n, 0, live);
        buf = n;
      }
      scan -= r;
      lineScan -= r;
      bodyStart -= r;
      r = 0;
      w = live;
    }
    System.arraycopy(data, off, buf, w, len);
    w += len;
  }

  @Override
  public String toString() { return "SipStreamDecoder[" + state + ", buffered=" + buffered() + "]"; }

  static byte[] copy(byte[] b, int from, int to) { return Arrays.copyOfRange(b, from, to); }
}
