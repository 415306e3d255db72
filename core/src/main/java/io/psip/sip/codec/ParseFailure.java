package io.psip.sip.codec;

import io.psip.sip.message.SipHeader;

import java.util.List;

/**
 * Why a message could not be parsed, with whatever was read before the problem so that a stateless error response
 * can still be routed (RFC 3261 §8.2.6, §18.2.2).
 *
 * @param status   the response status for a request: 400, 414, 505 or 513
 * @param reason   a short, operator-readable description, sent in {@code Warning: 399}
 * @param request  true when the start line says request, false for a response (which is dropped, never answered)
 * @param method   the request method when it could be read, else {@code null}
 * @param headers  the header fields read before the failure
 */
public record ParseFailure(int status, String reason, boolean request, String method, List<SipHeader> headers) {
  /** The reason quotes bytes from the wire: control characters (a bare CR in a Request-URI...) become \xNN. */
  public ParseFailure {
    reason = reason == null ? "" : printable(reason);
  }

  private static String printable(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 32 || c == 127;
      if (control && out == null) out = new StringBuilder(s.length() + 8).append(s, 0, i);
      if (out == null) continue;
      if (control) out.append(String.format("\\x%02x", (int) c));
      else out.append(c);
    }
    return out == null ? s : out.toString();
  }

  @Override
  public String toString() { return status + " " + reason; }
}
