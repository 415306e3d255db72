package io.psip.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP application for webhook tests: a Vert.x server on 127.0.0.1 (ephemeral port) that records every request
 * (method, path, query, headers, body, arrival time, the client's address) and answers each path from a script: a queue of replies used in
 * order, then the path's standing reply, then {@code 404}. Tests give each case its own path prefix, so one server
 * serves a whole class.
 */
public final class AppServer implements AutoCloseable {

  /** One request as the application saw it. Header names are kept as sent and looked up case-insensitively. */
  public record Recorded(String method, String path, Map<String, List<String>> query, MultiMap headers, String body,
                         long arrivalNanos, Instant arrival, String remote) {
    /** The first value of a query parameter, or {@code null}. */
    public String param(String name) {
      List<String> values = query.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String header(String name) { return headers.get(name); }

    public JsonObject json() { return new JsonObject(body); }

    /** The webhook's fields: the query string of a GET, the JSON body of a POST (as strings). */
    public Map<String, String> fields() {
      Map<String, String> f = new LinkedHashMap<>();
      if (method.equals("GET")) {
        query.forEach((k, v) -> f.put(k, String.join(",", v)));
      } else {
        json().forEach(e -> f.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue())));
      }
      return f;
    }

    @Override
    public String toString() { return method + ' ' + path + ' ' + query + ' ' + body; }
  }

  /** How the application answers one request. */
  public record Reply(int status, String body, long delayMs, String contentType, Map<String, String> headers) {
    public Reply(int status, String body, long delayMs, String contentType) {
      this(status, body, delayMs, contentType, Map.of());
    }

    public static Reply ncco(String json) { return new Reply(200, json, 0, "application/json"); }

    public static Reply status(int status) { return new Reply(status, "", 0, "text/plain"); }

    public static Reply text(int status, String body) { return new Reply(status, body, 0, "text/plain"); }

    /** {@code 302} to {@code location}. */
    public static Reply redirect(String location) {
      return new Reply(302, "", 0, "text/plain", Map.of("Location", location));
    }

    public Reply delayed(long ms) { return new Reply(status, body, ms, contentType, headers); }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Reply> standing = new ConcurrentHashMap<>();

  private AppServer(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    server.requestHandler(this::handle);
  }

  public static AppServer start(Vertx vertx) {
    AppServer app = new AppServer(vertx);
    await(app.server.listen());
    return app;
  }

  public int port() { return server.actualPort(); }

  public String url(String path) { return "http://127.0.0.1:" + port() + path; }

  /** Replies for the next requests to {@code path}, in order (added after any still queued). */
  public AppServer script(String path, Reply... replies) {
    Deque<Reply> q = scripts.computeIfAbsent(path, p -> new ArrayDeque<>());
    synchronized (q) {
      q.addAll(List.of(replies));
    }
    return this;
  }

  /** The reply once {@code path}'s script is used up. */
  public AppServer always(String path, Reply reply) {
    standing.put(path, reply);
    return this;
  }

  /** Every request to {@code path} so far, in arrival order. */
  public List<Recorded> requests(String path) {
    return recorded.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Every request whose path starts with {@code prefix}, in arrival order. */
  public List<Recorded> requestsUnder(String prefix) {
    return recorded.stream().filter(r -> r.path().startsWith(prefix)).toList();
  }

  /** Waits (at most {@code timeout}) until {@code path} has had at least {@code count} requests; returns them all. */
  public List<Recorded> await(String path, int count, Duration timeout) {
    Waits.until(() -> requests(path).size() >= count, timeout,
        () -> "expected " + count + " request(s) to " + path + ", got " + requests(path));
    return requests(path);
  }

  /** The first request to {@code path} whose field {@code status} (event body) is {@code status}. */
  public Recorded awaitEvent(String path, String status, Duration timeout) {
    Waits.until(() -> event(path, status) != null, timeout,
        () -> "no '" + status + "' event at " + path + "; got " + requests(path));
    return event(path, status);
  }

  private Recorded event(String path, String status) {
    List<Recorded> all = events(path, status);
    return all.isEmpty() ? null : all.get(0);
  }

  /** The requests to {@code path} whose field {@code status} is {@code status}, in arrival order. */
  public List<Recorded> events(String path, String status) {
    List<Recorded> out = new ArrayList<>();
    for (Recorded r : requests(path)) {
      try {
        if (status.equals(r.fields().get("status"))) out.add(r);
      } catch (RuntimeException notJson) {
        // not an event body
      }
    }
    return out;
  }

  private void handle(HttpServerRequest req) {
    long nanos = System.nanoTime();
    Instant at = Instant.now();
    req.body().onComplete(ar -> {
      String body = ar.succeeded() && ar.result() != null ? ar.result().toString(StandardCharsets.UTF_8) : "";
      Map<String, List<String>> query = new LinkedHashMap<>();
      MultiMap params = req.params();
      for (String name : params.names()) query.put(name, new ArrayList<>(params.getAll(name)));
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(req.headers());
      String remote = req.remoteAddress() == null ? "?" : req.remoteAddress().host() + ':' + req.remoteAddress().port();
      recorded.add(new Recorded(req.method().name(), req.path(), query, headers, body, nanos, at, remote));
      Reply reply = next(req.path());
      Runnable answer = () -> {
        var response = req.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType());
        reply.headers().forEach(response::putHeader);
        response.end(reply.body());
      };
      if (reply.delayMs() > 0) vertx.setTimer(reply.delayMs(), t -> answer.run());
      else answer.run();
    });
  }

  private Reply next(String path) {
    Deque<Reply> q = scripts.get(path);
    if (q != null) {
      synchronized (q) {
        Reply r = q.poll();
        if (r != null) return r;
      }
    }
    Reply r = standing.get(path);
    if (r != null) return r;
    if (path.toLowerCase(Locale.ROOT).endsWith("/event")) return Reply.status(200);
    return Reply.text(404, "no script for " + path);
  }

  @Override
  public void close() { await(server.close()); }

  static <T> T await(Future<T> f) { return await(f, 10); }

  static <T> T await(Future<T> f, int seconds) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
