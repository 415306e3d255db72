package io.psip.webhook;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static io.psip.webhook.Await.await;

/**
 * A real HTTP application on 127.0.0.1 for the tests: each path answers with a script of responders, one per
 * request in order (the last one repeats), and every request is recorded as received.
 */
final class AppServer {
  /** One request as the application saw it. */
  record Received(String method, String path, String uri, MultiMap params, MultiMap headers, Buffer body, int remotePort) {}

  /** Answers one request, given its body. */
  interface Responder extends BiConsumer<HttpServerRequest, Buffer> {}

  private final Map<String, Deque<Responder>> scripts = new HashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  static AppServer start(Vertx vertx) {
    return start(vertx, "127.0.0.1");
  }

  static AppServer start(Vertx vertx, String host) {
    AppServer app = new AppServer();
    app.server = await(vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(0))
        .requestHandler(app::handle).listen());
    return app;
  }

  void stop() {
    await(server.close());
  }

  int port() { return server.actualPort(); }

  String url(String pathAndQuery) { return "http://127.0.0.1:" + port() + pathAndQuery; }

  synchronized AppServer on(String path, Responder... responders) {
    scripts.put(path, new ArrayDeque<>(List.of(responders)));
    return this;
  }

  List<Received> received(String path) {
    List<Received> out = new ArrayList<>();
    for (Received r : received) if (r.path().equals(path)) out.add(r);
    return out;
  }

  List<Received> all() { return List.copyOf(received); }

  /** Waits until {@code path} has seen {@code count} requests. */
  List<Received> awaitReceived(String path, int count) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (received(path).size() < count && System.nanoTime() < end) Thread.sleep(10);
    return received(path);
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      received.add(new Received(request.method().name(), request.path(), request.uri(),
          MultiMap.caseInsensitiveMultiMap().addAll(request.params()),
          MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body, request.remoteAddress().port()));
      next(request.path()).accept(request, body);
    });
  }

  private synchronized Responder next(String path) {
    Deque<Responder> script = scripts.get(path);
    if (script == null || script.isEmpty()) return status(404);
    return script.size() > 1 ? script.poll() : script.peek();
  }

  static Responder json(int status, String body) {
    return (req, b) -> req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
  }

  static Responder ncco(String ncco) { return json(200, ncco); }

  static Responder status(int status) {
    return (req, b) -> req.response().setStatusCode(status).end();
  }

  static Responder redirect(String location) {
    return (req, b) -> req.response().setStatusCode(302).putHeader("location", location).end();
  }

  /** Never answers: the client's socket timeout (or budget) must end the wait. */
  static Responder silent() {
    return (req, b) -> {};
  }

  /** Answers after a delay. */
  static Responder delayed(Vertx vertx, long ms, Responder then) {
    return (req, b) -> vertx.setTimer(ms, t -> then.accept(req, b));
  }

  static Responder body(int status, String contentType, Buffer body) {
    return (req, b) -> req.response().setStatusCode(status).putHeader("content-type", contentType).end(body);
  }
}
