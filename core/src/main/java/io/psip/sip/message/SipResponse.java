package io.psip.sip.message;

import java.util.List;

/** A SIP response (RFC 3261 §7.2). Immutable; change it through {@link #toBuilder()}. */
public final class SipResponse extends SipMessage {
  private final int status;
  private final String reason;

  SipResponse(int status, String reason, List<SipHeader> headers, byte[] body, byte[] raw, boolean strict)
      throws SipSyntaxException {
    super(headers, body, raw, strict);
    this.status = status;
    this.reason = reason;
  }

  private SipResponse(int status, String reason, List<SipHeader> headers, String[] canon, boolean asciiHead,
                     byte[] raw, int bodyOffset) throws SipSyntaxException {
    super(headers, canon, asciiHead, raw, bodyOffset);
    this.status = status;
    this.reason = reason;
  }

  /**
   * A response read by the codec: {@code raw} is the whole message, kept (not copied) as what {@link #encode()}
   * returns; its body starts at {@code bodyOffset}; the headers are {@link SipHeader#parsed} ranges of it.
   */
  public static SipResponse parsed(int status, String reason, List<SipHeader> headers, byte[] raw, int bodyOffset)
      throws SipSyntaxException {
    return new SipResponse(status, reason, headers, null, false, raw, bodyOffset);
  }

  /**
   * {@link #parsed(int, String, List, byte[], int)} with {@code canon[i]} the {@link HeaderNames#canonical} name of
   * header {@code i}, as the codec looked it up while reading it: kept by the message (not copied), not to be changed.
   * {@code asciiHead} when every byte of the header lines is ASCII: the key headers are then parsed in place.
   */
  public static SipResponse parsed(int status, String reason, List<SipHeader> headers, String[] canon,
                                  boolean asciiHead, byte[] raw, int bodyOffset) throws SipSyntaxException {
    return new SipResponse(status, reason, headers, canon, asciiHead, raw, bodyOffset);
  }

  /**
   * A response to {@code request} per RFC 3261 §8.2.6: Via, From, Call-ID, CSeq and To copied (a To tag is added
   * by {@link MessageBuilder.ResponseBuilder#toTag}), Timestamp echoed for 100 (§8.2.6.1).
   */
  public static MessageBuilder.ResponseBuilder to(SipRequest request, int status) {
    return MessageBuilder.ResponseBuilder.forRequest(request, status);
  }

  public static MessageBuilder.ResponseBuilder builder(int status) {
    return new MessageBuilder.ResponseBuilder(status, StatusCodes.reason(status));
  }

  @Override
  public boolean isRequest() { return false; }

  public int status() { return status; }

  public String reason() { return reason; }

  public boolean isProvisional() { return status < 200; }

  public boolean isSuccess() { return status >= 200 && status < 300; }

  public boolean isFinal() { return status >= 200; }

  @Override
  public String startLine() { return "SIP/2.0 " + status + ' ' + reason; }

  public MessageBuilder.ResponseBuilder toBuilder() {
    return new MessageBuilder.ResponseBuilder(status, reason).headers(headers()).body(body());
  }
}
