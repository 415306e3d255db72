package io.psip.webhook.impl;

import io.vertx.core.buffer.Buffer;

/** What one HTTP attempt came to. Failures are values: the retry logic reads them, nothing is thrown. */
sealed interface Attempt {

  /** Any HTTP status: whether it is a success is the caller's rule (2xx for answers, 200..205 for events). */
  record Response(int status, String contentType, Buffer body) implements Attempt {}

  /** No usable response; {@code detail} is the {@code reason} a fallback receives. */
  record Failure(String detail, Kind kind) implements Attempt {
    /** Whether one more attempt at the same URL may help (vonage-psip.md §3.5: connect, reset, timeout). */
    public boolean retryable() { return kind == Kind.NETWORK || kind == Kind.RETRYABLE_STATUS; }

    /** Whether an HTTP request was attempted at all (a refused URL never connects). */
    public boolean counted() { return kind != Kind.REFUSED; }
  }

  enum Kind {
    /** Never called: bad URL, scheme, or a denied address. */
    REFUSED,
    /** Name resolution, connect, TLS, reset, closed, timeout. */
    NETWORK,
    /** 429, 503, 504. */
    RETRYABLE_STATUS,
    /** Any other status the caller does not accept (3xx included: redirects are never followed). */
    STATUS,
    /** A 2xx whose body is unusable (too large, not an NCCO). */
    BAD_BODY,
    /** The caller's budget ran out while this attempt ran. */
    BUDGET
  }

  /** The failure for a status the caller does not accept. */
  static Failure status(int status) {
    boolean retry = status == 429 || status == 503 || status == 504;
    String detail = status >= 300 && status < 400 ? "HTTP " + status + " (redirects are not followed)" : "HTTP " + status;
    return new Failure(detail, retry ? Kind.RETRYABLE_STATUS : Kind.STATUS);
  }
}
