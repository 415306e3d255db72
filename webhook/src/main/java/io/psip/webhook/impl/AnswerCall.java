package io.psip.webhook.impl;

import io.psip.bus.AnswerReply;
import io.psip.bus.AnswerRequest;
import io.psip.directory.ApplicationEntry;
import io.psip.directory.ApplicationEntry.Webhook;
import io.psip.webhook.impl.Attempt.Failure;
import io.psip.webhook.impl.Attempt.Kind;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One answer request (vonage-psip.md §3.5/§3.6): the answer_url up to twice, then the fallback_answer_url up to
 * twice with {@code reason} and {@code original_request}, all within the request's budget. A second attempt at the
 * same URL only follows a network failure, 429, 503 or 504; any other status, a redirect, a refused URL or a 2xx
 * that is not a JSON array goes straight to the fallback.
 *
 * <p>Outcome: the first JSON array wins. Otherwise 500 if some URL answered 2xx with something other than an
 * array (the application is reachable but wrong: the more useful thing to report), else 503 naming the budget or
 * the last failure. Details never contain the URL: they reach the SIP caller in a Warning.
 */
final class AnswerCall {
  static final String ANSWER = "answer_url";
  static final String FALLBACK = "fallback_answer_url";

  private final WebhookHttp http;
  private final AnswerRequest request;
  private final ApplicationEntry app;
  private final WebhookHttp.Signing signing;
  private final int maxBytes;
  private final long deadline;
  private int attempts;
  private Failure last;
  private String lastLabel;
  private String invalidAnswer;
  private boolean budgetSpent;

  AnswerCall(WebhookHttp http, AnswerRequest request, ApplicationEntry app, WebhookHttp.Signing signing, int maxBytes) {
    this.http = http;
    this.request = request;
    this.app = app;
    this.signing = signing;
    this.maxBytes = maxBytes;
    this.deadline = System.nanoTime() + Math.max(0, request.budgetMs()) * 1_000_000;
  }

  Future<AnswerReply> run() {
    return attempt(ANSWER, app.answer(), request.params(), 2)
        .compose(ncco -> ncco != null ? Future.succeededFuture(ncco) : fallback())
        .map(ncco -> ncco != null ? ncco : failure());
  }

  private Future<AnswerReply> fallback() {
    Webhook fallback = app.fallbackAnswer();
    if (budgetSpent || fallback == null || fallback.address() == null || fallback.address().isBlank()) return Future.succeededFuture();
    JsonObject params = request.params().copy()
        .put("reason", last.detail())
        .put("original_request", new JsonObject().put("url", app.answer().address()).put("type", "answer"));
    return attempt(FALLBACK, fallback, params, 2);
  }

  /** An NCCO reply, or null when this URL gave up (the reason is in {@link #last}). */
  private Future<AnswerReply> attempt(String label, Webhook hook, JsonObject params, int tries) {
    if (deadline - System.nanoTime() <= 0) {
      budgetSpent = true;
      return Future.succeededFuture();
    }
    WebhookHttp.Call call = new WebhookHttp.Call(hook.address(), Methods.isPost(hook.httpMethod(), false), params,
        Methods.connectTimeout(hook), Methods.socketTimeout(hook, Methods.DEFAULT_ANSWER_SOCKET_TIMEOUT_MS), signing, true);
    return http.send(call, deadline, maxBytes).compose(outcome -> {
      if (!(outcome instanceof Failure f) || f.counted()) attempts++;
      Failure failure;
      if (outcome instanceof Attempt.Response r && r.status() >= 200 && r.status() < 300) {
        Object value = decode(r.body());
        if (value instanceof JsonArray ncco) return Future.succeededFuture(new AnswerReply.Ncco(ncco, hook.address(), attempts));
        String invalid = label + " returned " + describe(value, r) + " instead of an NCCO (JSON array)";
        if (invalidAnswer == null) invalidAnswer = invalid;
        failure = new Failure(invalid, Kind.BAD_BODY);
      } else {
        failure = outcome instanceof Attempt.Response r ? Attempt.status(r.status()) : (Failure) outcome;
      }
      if (failure.kind() == Kind.BUDGET) {
        budgetSpent = true;
        return Future.succeededFuture();
      }
      last = failure;
      lastLabel = label;
      if (failure.retryable() && tries > 1) return attempt(label, hook, params, tries - 1);
      return Future.succeededFuture();
    });
  }

  private AnswerReply failure() {
    if (invalidAnswer != null) return new AnswerReply.Failed(500, invalidAnswer, attempts);
    if (budgetSpent || last == null) {
      String why = last == null ? "" : " (last failure: " + lastLabel + ": " + last.detail() + ")";
      return new AnswerReply.Failed(503, "answer budget of " + request.budgetMs() + " ms spent" + why, attempts);
    }
    return new AnswerReply.Failed(503, lastLabel + ": " + last.detail(), attempts);
  }

  /** The body as a JSON value; {@link #NOT_JSON} when it does not parse. */
  private static Object decode(Buffer body) {
    if (body.length() == 0) return NOT_JSON;
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      return NOT_JSON;
    }
  }

  private static final Object NOT_JSON = new Object();

  private static String describe(Object value, Attempt.Response r) {
    if (value == NOT_JSON) {
      if (r.body().length() == 0) return "an empty body";
      return "a body that is not JSON" + (r.contentType() == null ? "" : " (" + r.contentType() + ")");
    }
    if (value instanceof JsonObject) return "a JSON object";
    if (value instanceof String) return "a JSON string";
    if (value instanceof Number) return "a JSON number";
    if (value instanceof Boolean) return "a JSON boolean";
    return "JSON null";
  }
}
