package io.psip.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A caller of the admin API over real HTTP, as one account (or none). Every answer to a documented operation is
 * checked against the OpenAPI document's schema for its status ({@link OpenApiCheck}). Blocking calls are for test
 * threads; {@link #sendAsync} is for concurrency tests.
 */
final class ApiClient {
  record Response(int status, MultiMap headers, String body) {
    JsonObject json() { return new JsonObject(body); }

    String header(String name) { return headers.get(name); }

    /** The {@code invalid_parameters} names of a 422, in order. */
    java.util.List<String> invalidNames() {
      JsonArray list = json().getJsonArray("invalid_parameters");
      return list == null ? java.util.List.of()
          : list.stream().map(o -> ((JsonObject) o).getString("name")).toList();
    }

    @Override
    public String toString() { return status + " " + body; }
  }

  private final WebClient web;
  private final int port;
  private final String authorization;
  private final OpenApiCheck check;

  ApiClient(WebClient web, int port, String apiKey, String apiSecret, OpenApiCheck check) {
    this.web = web;
    this.port = port;
    this.authorization = apiKey == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((apiKey + ':' + apiSecret).getBytes(StandardCharsets.UTF_8));
    this.check = check;
  }

  /** The same server, as another account. */
  ApiClient as(String apiKey, String apiSecret) { return new ApiClient(web, port, apiKey, apiSecret, check); }

  /** The same server, without credentials. */
  ApiClient anonymous() { return new ApiClient(web, port, null, null, check); }

  Response get(String path) { return send(HttpMethod.GET, path, null); }

  Response delete(String path) { return send(HttpMethod.DELETE, path, null); }

  Response post(String path, Object json) { return send(HttpMethod.POST, path, json); }

  Response put(String path, Object json) { return send(HttpMethod.PUT, path, json); }

  /** {@code json}: a JsonObject, JsonArray or a raw string, sent as application/json; {@code null} for no body. */
  Response send(HttpMethod method, String path, Object json) {
    Buffer body = json == null ? null : Buffer.buffer(json instanceof String s ? s : json.toString());
    return raw(method, path, body, json == null ? Map.of() : Map.of("Content-Type", "application/json"));
  }

  Response raw(HttpMethod method, String path, Buffer body, Map<String, String> headers) {
    return await(sendAsync(method, path, body, headers));
  }

  Future<Response> sendAsync(HttpMethod method, String path, Buffer body, Map<String, String> headers) {
    HttpRequest<Buffer> request = web.request(method, port, "127.0.0.1", path);
    if (authorization != null) request.putHeader("Authorization", authorization);
    headers.forEach(request::putHeader);
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(body);
    return sent
        .map(r -> new Response(r.statusCode(), r.headers(), r.body() == null ? "" : r.bodyAsString()))
        .compose(r -> check.verify(method, path, r).map(r));
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
