package io.psip.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Mutable builders for new and changed messages; {@code build()} produces an immutable, validated message. */
public abstract class MessageBuilder<B extends MessageBuilder<B>> {
  protected final List<SipHeader> headers = new ArrayList<>(16);
  protected byte[] body = SipMessage.EMPTY;

  @SuppressWarnings("unchecked")
  private B self() { return (B) this; }

  /** Replaces all headers with {@code list} (Content-Length is dropped: it is always recomputed). */
  public B headers(List<SipHeader> list) {
    headers.clear();
    for (SipHeader h : list) if (!HeaderNames.same(h.name(), HeaderNames.CONTENT_LENGTH)) headers.add(h);
    return self();
  }

  /**
   * Appends a header. Content-Length is ignored: it is always computed from the body.
   *
   * @throws IllegalArgumentException when the name is not a token or the value holds CR or LF
   */
  public B add(String name, Object value) {
    SipHeader h = new SipHeader(name, String.valueOf(value));
    if (!HeaderNames.same(name, HeaderNames.CONTENT_LENGTH)) headers.add(h);
    return self();
  }

  /** Inserts a header before all others of any name (Via, Record-Route on the way through). */
  public B addFirst(String name, Object value) {
    SipHeader h = new SipHeader(name, String.valueOf(value));
    if (!HeaderNames.same(name, HeaderNames.CONTENT_LENGTH)) headers.add(0, h);
    return self();
  }

  /** Replaces every header of this name with one value, at the position of the first, else at the end. */
  public B set(String name, Object value) {
    SipHeader h = new SipHeader(name, String.valueOf(value));
    if (HeaderNames.same(name, HeaderNames.CONTENT_LENGTH)) return self();
    int at = indexOf(name);
    remove(name);
    if (at < 0 || at > headers.size()) headers.add(h);
    else headers.add(at, h);
    return self();
  }

  public B remove(String name) {
    headers.removeIf(h -> HeaderNames.same(h.name(), name));
    return self();
  }

  /** Removes the first value of a header (the top Via when a response is passed upstream). */
  public B removeFirst(String name) {
    int at = indexOf(name);
    if (at >= 0) headers.remove(at);
    return self();
  }

  public String get(String name) {
    int at = indexOf(name);
    return at < 0 ? null : headers.get(at).value();
  }

  private int indexOf(String name) {
    for (int i = 0; i < headers.size(); i++) if (HeaderNames.same(headers.get(i).name(), name)) return i;
    return -1;
  }

  public B body(byte[] bytes) {
    this.body = bytes == null ? SipMessage.EMPTY : bytes;
    return self();
  }

  public B body(byte[] bytes, String contentType) {
    body(bytes);
    if (bytes != null && bytes.length > 0) set(HeaderNames.CONTENT_TYPE, contentType);
    else remove(HeaderNames.CONTENT_TYPE);
    return self();
  }

  protected List<SipHeader> finalHeaders() {
    List<SipHeader> out = new ArrayList<>(headers.size() + 1);
    out.addAll(headers);
    out.add(new SipHeader(HeaderNames.CONTENT_LENGTH, Integer.toString(body.length)));
    return out;
  }

  /** A random token for tags and branches: 64 bits, URL-safe, as RFC 3261 §19.3 asks (at least 32 bits). */
  public static String randomToken() {
    return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
  }

  /** A new RFC 3261 branch (§8.1.1.7). */
  public static String newBranch() { return Via.MAGIC_COOKIE + randomToken(); }

  public static final class RequestBuilder extends MessageBuilder<RequestBuilder> {
    private final String method;
    private Uri requestUri;

    RequestBuilder(String method, Uri requestUri) {
      this.method = method;
      this.requestUri = requestUri;
    }

    public RequestBuilder requestUri(Uri uri) {
      this.requestUri = uri;
      return this;
    }

    /** Builds and validates; an invalid header is a programming error here, hence unchecked. */
    public SipRequest build() {
      try {
        return new SipRequest(method, requestUri, finalHeaders(), body, null, true);
      } catch (SipSyntaxException e) {
        throw new IllegalArgumentException("invalid " + method + " request: " + e.getMessage(), e);
      }
    }
  }

  public static final class ResponseBuilder extends MessageBuilder<ResponseBuilder> {
    private final int status;
    private String reason;

    ResponseBuilder(int status, String reason) {
      if (status < 100 || status > 699) throw new IllegalArgumentException("status out of range: " + status);
      this.status = status;
      this.reason = reason;
    }

    static ResponseBuilder forRequest(SipRequest req, int status) {
      ResponseBuilder b = new ResponseBuilder(status, StatusCodes.reason(status));
      for (SipHeader h : req.headers()) {
        String c = HeaderNames.canonical(h.name());
        boolean copy = c.equals(HeaderNames.VIA) || c.equals(HeaderNames.FROM) || c.equals(HeaderNames.TO)
            || c.equals(HeaderNames.CALL_ID) || c.equals(HeaderNames.CSEQ)
            || (status == 100 && c.equals(HeaderNames.TIMESTAMP));
        // a header already spelled canonically is reused as it is: immutable, and checked when it was made
        if (copy) b.headers.add(c.equals(h.name()) ? h : new SipHeader(c, h.value()));
      }
      return b;
    }

    public ResponseBuilder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /** Adds {@code ;tag=} to To unless it already has one (RFC 3261 §8.2.6.2). */
    public ResponseBuilder toTag(String tag) {
      String to = get(HeaderNames.TO);
      if (to != null) {
        try {
          Address a = Address.parse(to);
          if (a.tag() == null) set(HeaderNames.TO, a.withTag(tag));
        } catch (SipSyntaxException e) {
          // an unparseable To is echoed as it came (stateless error responses)
        }
      }
      return this;
    }

    /** {@code Warning: 399 agent "text"} (RFC 3261 §20.43): how psip explains a rejection on the wire. */
    public ResponseBuilder warning(String agent, String text) {
      return add(HeaderNames.WARNING, "399 " + agent + ' ' + io.psip.sip.message.impl.Lexer.quote(sanitise(text)));
    }

    private static String sanitise(String text) {
      StringBuilder b = new StringBuilder(Math.min(text.length(), 200));
      for (int i = 0; i < text.length() && b.length() < 200; i++) {
        char c = text.charAt(i);
        b.append(c < 32 || c == 127 ? ' ' : c);
      }
      return b.toString();
    }

    public SipResponse build() {
      try {
        return new SipResponse(status, reason, finalHeaders(), body, null, true);
      } catch (SipSyntaxException e) {
        throw new IllegalArgumentException("invalid " + status + " response: " + e.getMessage(), e);
      }
    }

    /** Builds without validating the copied headers: for stateless errors to requests that did not parse. */
    public SipResponse buildLenient() {
      try {
        return new SipResponse(status, reason, finalHeaders(), body, null, false);
      } catch (SipSyntaxException e) {
        throw new IllegalStateException(e); // lenient construction does not throw
      }
    }
  }
}
