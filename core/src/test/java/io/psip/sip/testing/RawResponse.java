package io.psip.sip.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds response bytes by hand for a request a raw peer received (RFC 3261 §8.2.6.2), without psip's classes. */
public final class RawResponse {
  private final RawMessage request;
  private final int status;
  private String toTag;
  private final List<String[]> extra = new ArrayList<>();
  private String body = "";
  private String contentType;

  private RawResponse(RawMessage request, int status) {
    this.request = request;
    this.status = status;
  }

  /** A response to {@code request}: Via (all), From, To, Call-ID and CSeq copied. */
  public static RawResponse to(RawMessage request, int status) { return new RawResponse(request, status); }

  /** Adds this tag to To unless the request's To already has one. */
  public RawResponse toTag(String tag) {
    this.toTag = tag;
    return this;
  }

  public RawResponse header(String name, String value) {
    extra.add(new String[]{name, value});
    return this;
  }

  public RawResponse body(String contentType, String text) {
    this.contentType = contentType;
    this.body = text;
    return this;
  }

  public byte[] bytes() {
    StringBuilder sb = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason(status)).append("\r\n");
    for (String v : request.headers("Via")) sb.append("Via: ").append(v).append("\r\n");
    sb.append("From: ").append(request.header("From")).append("\r\n");
    String to = request.header("To");
    if (toTag != null && request.toTag() == null) to = to + ";tag=" + toTag;
    sb.append("To: ").append(to).append("\r\n");
    sb.append("Call-ID: ").append(request.callId()).append("\r\n");
    sb.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
    for (String[] h : extra) sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) sb.append("Content-Type: ").append(contentType).append("\r\n");
    sb.append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String reason(int status) {
    return switch (status) {
      case 100 -> "Trying";
      case 180 -> "Ringing";
      case 183 -> "Session Progress";
      case 200 -> "OK";
      case 481 -> "Call/Transaction Does Not Exist";
      case 486 -> "Busy Here";
      case 487 -> "Request Terminated";
      default -> "Status " + status;
    };
  }
}
