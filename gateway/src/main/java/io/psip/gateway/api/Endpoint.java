package io.psip.gateway.api;

import io.vertx.core.http.HttpMethod;

/** One documented operation: method, path in OpenAPI form ({@code /v1/psip/{name}}), and its OpenAPI operationId. */
public record Endpoint(HttpMethod method, String path, String operationId, Operation operation) {
  /** The path as vertx-web routes it: {@code /v1/psip/:name}. */
  public String routerPath() { return path.replaceAll("\\{([a-z_]+)}", ":$1"); }
}
