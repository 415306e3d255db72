package io.psip.webhook.impl;

import io.psip.bus.AnswerReply;
import io.psip.bus.AnswerRequest;
import io.psip.bus.CallEvent;
import io.psip.directory.AccountEntry;
import io.psip.directory.ApplicationEntry;
import io.psip.directory.ApplicationEntry.Webhook;
import io.psip.directory.Directory;
import io.psip.webhook.WebhookOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook calls of one verticle: two pooled keep-alive HTTP clients, one for answers and one for events (a busy
 * application gets its connections reused), the deny-list guard and the signer. Used on one context.
 * <p>
 * Answers and events do not share a pool: a call sends about six events for its one answer, and with one pool a
 * burst of events filled every connection and new calls' answers queued behind them (bench B1 at 1,000 calls/s:
 * INVITE → 200 p50 5 s while nothing was saturated). Events may lag; a caller waiting for its NCCO may not.
 */
public final class WebhookClient {
  private static final Logger log = LoggerFactory.getLogger(WebhookClient.class);
  /** TCP connect bound of the client; each request's own connect timeout is shorter. */
  private static final int CLIENT_CONNECT_TIMEOUT_MS = 10_000;
  /**
   * Idle pooled connections are closed after this: below common servers' keep-alive (nginx 75 s, Apache 5–15 s
   * varies), and a connection the server closed first costs one retryable "connection closed" attempt at worst.
   */
  private static final int KEEP_ALIVE_TIMEOUT_S = 15;

  private final Directory directory;
  private final WebhookOptions options;
  private final HttpClientAgent answerClient;
  private final HttpClientAgent eventClient;
  private final WebhookHttp answers;
  private final WebhookHttp events;

  public WebhookClient(Vertx vertx, Directory directory, WebhookOptions options) {
    this.directory = directory;
    this.options = options;
    this.answerClient = httpClient(vertx, "psip-webhook-answer", options);
    this.eventClient = httpClient(vertx, "psip-webhook-event", options);
    AddressGuard guard = new AddressGuard(vertx, options.denyMatcher());
    WebhookSigner signer = new WebhookSigner();
    this.answers = new WebhookHttp(vertx, answerClient, guard, signer, options.userAgent());
    this.events = new WebhookHttp(vertx, eventClient, guard, signer, options.userAgent());
  }

  private static HttpClientAgent httpClient(Vertx vertx, String name, WebhookOptions options) {
    return vertx.httpClientBuilder()
        .with(new HttpClientOptions().setName(name).setKeepAlive(true)
            .setKeepAliveTimeout(KEEP_ALIVE_TIMEOUT_S).setConnectTimeout(CLIENT_CONNECT_TIMEOUT_MS))
        .with(new PoolOptions().setHttp1MaxSize(options.maxPoolSize()))
        .build();
  }

  /** The application's answer; never a failed future. */
  public Future<AnswerReply> answer(AnswerRequest request) {
    ApplicationEntry app = directory.application(request.applicationId());
    if (app == null) {
      return Future.succeededFuture(new AnswerReply.Failed(503,
          "application " + request.applicationId() + " is not known to this node", 0));
    }
    if (!configured(app.answer())) {
      return Future.succeededFuture(new AnswerReply.Failed(503,
          "application " + request.applicationId() + " has no answer_url", 0));
    }
    WebhookHttp.Signing signing = signing(app, request.accountId(), request.applicationId());
    return new AnswerCall(answers, request, app, signing, options.maxAnswerBytes()).run();
  }

  /** Delivers an event to its URL (the NCCO's eventUrl, else the application's event_url); never a failed future. */
  public Future<EventResult> event(CallEvent event) { return event(event, false); }

  /**
   * Delivers an event whose answer may be an NCCO (a {@code notify}, a synchronous {@code connect}'s failure): the
   * answer's JSON array as {@link AnswerReply.Ncco}, anything else as {@link AnswerReply.Failed} ("no NCCO", which
   * lets the call go on). Never a failed future.
   */
  public Future<AnswerReply> eventForNcco(CallEvent event) {
    return event(event, true).map(r -> {
      if (r.outcome() != EventResult.Outcome.SENT) {
        return new AnswerReply.Failed(503, "event webhook: " + r.detail(), r.attempts());
      }
      Object value;
      try {
        value = r.body() == null || r.body().length() == 0 ? null : Json.decodeValue(r.body());
      } catch (DecodeException e) {
        value = null;
      }
      if (value instanceof JsonArray ncco) return new AnswerReply.Ncco(ncco, event.url(), r.attempts());
      return new AnswerReply.Failed(500, "the event webhook answered without an NCCO", r.attempts());
    });
  }

  private Future<EventResult> event(CallEvent event, boolean readBody) {
    ApplicationEntry app = directory.application(event.applicationId());
    Webhook hook = app == null ? null : app.event();
    String url;
    boolean post;
    if (event.url() != null && !event.url().isBlank()) {
      url = event.url();
      post = Methods.isPost(event.method() != null ? event.method() : hook == null ? null : hook.httpMethod(), true);
    } else if (configured(hook)) {
      url = hook.address();
      post = Methods.isPost(hook.httpMethod(), true);
    } else {
      log.debug("event {} for application {} dropped: no event_url", event.body().getString("status"), event.applicationId());
      return Future.succeededFuture(EventResult.dropped("no event_url"));
    }
    WebhookHttp.Call call = new WebhookHttp.Call(url, post, event.body(), Methods.connectTimeout(hook),
        Methods.socketTimeout(hook, Methods.DEFAULT_EVENT_SOCKET_TIMEOUT_MS),
        signing(app, event.accountId(), event.applicationId()), readBody);
    return new EventCall(events, call, options.maxAnswerBytes()).run().onSuccess(r -> {
      if (r.outcome() == EventResult.Outcome.FAILED) {
        log.warn("event {} of call {} to {} failed after {} attempt(s): {}", event.body().getString("status"),
            event.body().getString("uuid"), WebhookUrl.redact(url), r.attempts(), r.detail());
      }
    });
  }

  public Future<Void> close() {
    return Future.join(answerClient.close(), eventClient.close()).mapEmpty();
  }

  /**
   * How to sign for this application: null (unsigned) when it turned signing off, or when its account has no
   * signature secret — then with a WARN, since the application may be rejecting unsigned requests.
   */
  private WebhookHttp.Signing signing(ApplicationEntry app, String accountId, String applicationId) {
    if (app != null && !app.signedCallbacks()) return null;
    AccountEntry account = directory.account(accountId);
    String secret = account == null ? null : account.signatureSecret();
    if (secret == null || secret.isEmpty()) {
      log.warn("webhook for application {} sent unsigned: account {} {}", applicationId, accountId,
          account == null ? "is not known to this node" : "has no signature secret");
      return null;
    }
    return new WebhookHttp.Signing(secret, accountId, applicationId);
  }

  private static boolean configured(Webhook hook) {
    return hook != null && hook.address() != null && !hook.address().isBlank();
  }
}
