package io.psip.webhook.impl;

import io.psip.webhook.impl.Attempt.Failure;
import io.vertx.core.Future;

/**
 * One event delivery (CONTRACT §6): up to two attempts with the answer's retry rule, success being 200..205
 * (vonage-psip.md §3.4). No fallback for events yet. The outcome is only counted and logged: a failing event_url
 * never reaches the call.
 */
final class EventCall {
  private final WebhookHttp http;
  private final WebhookHttp.Call call;
  private final int maxBytes;
  private int attempts;

  EventCall(WebhookHttp http, WebhookHttp.Call call, int maxBytes) {
    this.http = http;
    this.call = call;
    this.maxBytes = maxBytes;
  }

  /** The delivery's result; never a failed future. */
  Future<EventResult> run() {
    return attempt(2);
  }

  private Future<EventResult> attempt(int tries) {
    return http.send(call, WebhookHttp.NO_DEADLINE, maxBytes).compose(outcome -> {
      if (!(outcome instanceof Failure f) || f.counted()) attempts++;
      if (outcome instanceof Attempt.Response r && r.status() >= 200 && r.status() <= 205) {
        return Future.succeededFuture(new EventResult(EventResult.Outcome.SENT, attempts, null, call.readBody() ? r.body() : null));
      }
      Failure failure = outcome instanceof Attempt.Response r ? Attempt.status(r.status()) : (Failure) outcome;
      if (failure.retryable() && tries > 1) return attempt(tries - 1);
      return Future.succeededFuture(new EventResult(EventResult.Outcome.FAILED, attempts, failure.detail(), null));
    });
  }
}
