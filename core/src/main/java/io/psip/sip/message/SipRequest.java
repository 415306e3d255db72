package io.psip.sip.message;

import java.util.List;

/** A SIP request (RFC 3261 §7.1). Immutable; change it through {@link #toBuilder()}. */
public final class SipRequest extends SipMessage {
  private final String method;
  private final Uri requestUri;

  SipRequest(String method, Uri requestUri, List<SipHeader> headers, byte[] body, byte[] raw, boolean strict)
      throws SipSyntaxException {
    super(headers, body, raw, strict);
    this.method = method;
    this.requestUri = requestUri;
  }

  private SipRequest(String method, Uri requestUri, List<SipHeader> headers, String[] canon, boolean asciiHead,
                     byte[] raw, int bodyOffset) throws SipSyntaxException {
    super(headers, canon, asciiHead, raw, bodyOffset);
    this.method = method;
    this.requestUri = requestUri;
  }

  /**
   * A request read by the codec: {@code raw} is the whole message, kept (not copied) as what {@link #encode()}
   * returns; its body starts at {@code bodyOffset}; the headers are {@link SipHeader#parsed} ranges of it.
   */
  public static SipRequest parsed(String method, Uri requestUri, List<SipHeader> headers, byte[] raw, int bodyOffset)
      throws SipSyntaxException {
    return new SipRequest(method, requestUri, headers, null, false, raw, bodyOffset);
  }

  /**
   * {@link #parsed(String, Uri, List, byte[], int)} with {@code canon[i]} the {@link HeaderNames#canonical} name of
   * header {@code i}, as the codec looked it up while reading it: kept by the message (not copied), not to be changed.
   * {@code asciiHead} when every byte of the header lines is ASCII: the key headers are then parsed in place.
   */
  public static SipRequest parsed(String method, Uri requestUri, List<SipHeader> headers, String[] canon,
                                  boolean asciiHead, byte[] raw, int bodyOffset) throws SipSyntaxException {
    return new SipRequest(method, requestUri, headers, canon, asciiHead, raw, bodyOffset);
  }

  public static MessageBuilder.RequestBuilder builder(String method, Uri requestUri) {
    return new MessageBuilder.RequestBuilder(method, requestUri);
  }

  @Override
  public boolean isRequest() { return true; }

  /** The method as written (methods are case-sensitive, RFC 3261 §7.1). */
  public String method() { return method; }

  public boolean isMethod(String m) { return method.equals(m); }

  public Uri requestUri() { return requestUri; }

  @Override
  public String startLine() { return method + ' ' + requestUri + " SIP/2.0"; }

  public MessageBuilder.RequestBuilder toBuilder() {
    return new MessageBuilder.RequestBuilder(method, requestUri).headers(headers()).body(body());
  }
}
