package io.psip.webhook.impl;

import io.netty.channel.ConnectTimeoutException;
import io.psip.webhook.impl.Attempt.Failure;
import io.psip.webhook.impl.Attempt.Kind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP attempt at a webhook: resolve and check the host, sign, send, read the body up to a cap. Never fails its
 * future: every outcome is an {@link Attempt}. Runs on the verticle's context.
 */
final class WebhookHttp {
  /**
   * Where and how to call: {@code signing} is null for an unsigned request; {@code readBody}: a 2xx body is the
   * result (answers), not just drained for the connection's sake (events).
   */
  record Call(String url, boolean post, JsonObject params, int connectTimeoutMs, int socketTimeoutMs, Signing signing,
              boolean readBody) {}

  record Signing(String secret, String apiKey, String applicationId) {}

  /** No deadline: events are bounded by their timeouts alone. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  private final Vertx vertx;
  private final HttpClient client;
  private final AddressGuard guard;
  private final WebhookSigner signer;
  private final String userAgent;
  /**
   * Parsed URLs (a {@link WebhookUrl} or its {@link WebhookUrl.Refused}): an application's few URLs are called for
   * every call, and {@code java.net.URI} parsing is the request path's largest piece after signing. Context only.
   */
  private final Map<String, Object> urls = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) { return size() > URL_CACHE_SIZE; }
  };
  private static final int URL_CACHE_SIZE = 1024;

  WebhookHttp(Vertx vertx, HttpClient client, AddressGuard guard, WebhookSigner signer, String userAgent) {
    this.vertx = vertx;
    this.client = client;
    this.guard = guard;
    this.signer = signer;
    this.userAgent = userAgent;
  }

  /**
   * @param deadline  {@link System#nanoTime()} by which the attempt is cut ({@link Kind#BUDGET}), or {@link #NO_DEADLINE}
   * @param maxBytes  the largest body read; a larger one is a {@link Kind#BAD_BODY} failure
   */
  Future<Attempt> send(Call call, long deadline, int maxBytes) {
    Object parsed = urls.computeIfAbsent(call.url(), u -> {
      try {
        return WebhookUrl.parse(u);
      } catch (WebhookUrl.Refused e) {
        return e;
      }
    });
    if (parsed instanceof WebhookUrl.Refused e) return Future.succeededFuture(new Failure(e.getMessage(), Kind.REFUSED));
    WebhookUrl url = (WebhookUrl) parsed;
    Exchange x = new Exchange(call, url, maxBytes);
    if (deadline != NO_DEADLINE) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      x.timer = vertx.setTimer(left, t -> x.finish(new Failure("budget spent", Kind.BUDGET)));
    }
    guard.check(url).onComplete(ar -> {
      if (ar.succeeded()) x.connect(ar.result());
      else if (ar.cause() instanceof WebhookUrl.Refused r) x.finish(new Failure(r.getMessage(), Kind.REFUSED));
      else x.finish(network(ar.cause(), call, true));
    });
    return x.done.future();
  }

  /** The state of one attempt: finished once, by whichever of response, error, cap or budget comes first. */
  private final class Exchange {
    final Promise<Attempt> done = Promise.promise();
    final Call call;
    final WebhookUrl url;
    final int maxBytes;
    long timer = -1;
    HttpClientRequest request;
    boolean ended;

    Exchange(Call call, WebhookUrl url, int maxBytes) {
      this.call = call;
      this.url = url;
      this.maxBytes = maxBytes;
    }

    void connect(SocketAddress server) {
      if (done.future().isComplete()) return;
      try {
        request(server);
      } catch (RuntimeException e) { // a bug here must still end the attempt: an event has no budget timer
        finish(new Failure("internal error: " + e, Kind.REFUSED));
      }
    }

    private void request(SocketAddress server) {
      Buffer body = call.post() ? call.params().toBuffer() : Buffer.buffer();
      String query = call.post() ? null : QueryString.encode(call.params());
      RequestOptions options = new RequestOptions()
          .setMethod(call.post() ? HttpMethod.POST : HttpMethod.GET)
          .setServer(server) // the checked address; host and port below still make Host and SNI
          .setHost(url.authorityHost()).setPort(url.port()).setSsl(url.ssl())
          .setURI(url.requestUri(query))
          .setConnectTimeout(call.connectTimeoutMs())
          .setIdleTimeout(call.socketTimeoutMs())
          .setFollowRedirects(false)
          .putHeader(HttpHeaders.USER_AGENT, userAgent)
          .putHeader(HttpHeaders.ACCEPT, "application/json");
      if (call.post()) options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      Signing s = call.signing();
      if (s != null) options.putHeader(HttpHeaders.AUTHORIZATION, signer.authorization(s.secret(), s.apiKey(), s.applicationId(), body));
      client.request(options).onComplete(ar -> {
        if (ar.failed()) {
          finish(network(ar.cause(), call, true));
          return;
        }
        request = ar.result();
        if (done.future().isComplete()) {
          request.reset();
          return;
        }
        request.send(body).onComplete(sent -> {
          if (sent.succeeded()) read(sent.result());
          else finish(network(sent.cause(), call, false));
        });
      });
    }

    void read(HttpClientResponse response) {
      response.exceptionHandler(e -> finish(network(e, call, false))); // first: a reset below must find it
      String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length != null && tooLarge(length)) {
        overflow(response, "a body of " + length.trim() + " bytes exceeds the limit of " + maxBytes);
        return;
      }
      Buffer body = Buffer.buffer();
      response.handler(chunk -> {
        if (body.length() + chunk.length() > maxBytes) overflow(response, "a body of more than " + maxBytes + " bytes");
        else body.appendBuffer(chunk);
      });
      response.endHandler(v -> {
        ended = true;
        finish(new Attempt.Response(response.statusCode(), response.getHeader(HttpHeaders.CONTENT_TYPE), body));
      });
    }

    /**
     * A body over the cap fails a 2xx whose body is wanted (an answer); otherwise only the status matters (a 503
     * with a large error page is still a retryable 503), so the response is kept without its body.
     */
    private void overflow(HttpClientResponse response, String detail) {
      int status = response.statusCode();
      if (call.readBody() && status >= 200 && status < 300) finish(new Failure(detail, Kind.BAD_BODY));
      else finish(new Attempt.Response(status, response.getHeader(HttpHeaders.CONTENT_TYPE), Buffer.buffer()));
    }

    private boolean tooLarge(String length) {
      try {
        return Long.parseLong(length.trim()) > maxBytes;
      } catch (NumberFormatException e) {
        return false; // the codec rejects a bad Content-Length itself
      }
    }

    void finish(Attempt outcome) {
      if (!done.tryComplete(outcome)) return;
      if (timer >= 0) vertx.cancelTimer(timer);
      // an exchange cut short leaves the connection mid-response: reset closes it rather than pool it
      if (!ended && request != null) request.reset();
    }
  }

  /**
   * A network-level failure in words an application developer can act on (and no stack trace). {@code connecting}:
   * before a connection was had, where a timeout is the connect timeout (the client's wait for a connection).
   */
  static Failure network(Throwable e, Call call, boolean connecting) {
    String detail;
    if (e instanceof UnknownHostException) detail = "cannot resolve the host";
    else if (e instanceof ConnectTimeoutException || (connecting && e instanceof TimeoutException)) {
      detail = "no connection within " + call.connectTimeoutMs() + " ms";
    }
    else if (e instanceof ConnectException) detail = "connection refused";
    else if (e instanceof TimeoutException) detail = "no response within " + call.socketTimeoutMs() + " ms";
    else if (e instanceof HttpClosedException) detail = "connection closed";
    else if (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("reset")) detail = "connection reset";
    else detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new Failure(detail, Kind.NETWORK);
  }
}
