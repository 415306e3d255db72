package io.psip.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.HashMap;
import java.util.Map;

/**
 * Holds real answers to the OpenAPI document: the status must be documented for the operation and the body must
 * match its schema. Answers outside any operation (unknown paths, 405s) are not the document's business.
 */
final class OpenApiCheck {
  private final OpenAPIContract contract;
  private final ResponseValidator validator;

  private OpenApiCheck(Vertx vertx, OpenAPIContract contract) {
    this.contract = contract;
    this.validator = ResponseValidator.create(vertx, contract);
  }

  static OpenApiCheck load(Vertx vertx) throws Exception { return new OpenApiCheck(vertx, OpenApiDocumentTest.contract(vertx)); }

  Future<Void> verify(HttpMethod method, String path, ApiClient.Response r) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Operation op = contract.findOperation(bare, method);
    if (op == null || r.status() == 405) return Future.succeededFuture();
    if (op.getResponse(r.status()) == null && op.getDefaultResponse() == null) {
      return Future.failedFuture(new AssertionError(method + " " + path + " answered " + r.status()
          + ", which the OpenAPI document does not list for " + op.getOperationId()));
    }
    String contentType = r.header("Content-Type");
    Map<String, String> headers = new HashMap<>();
    r.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
    // vertx-openapi cannot decode a quoted header value (Basic realm="psip"); the tests assert it themselves
    headers.remove("WWW-Authenticate");
    ValidatableResponse response;
    if (r.body().isEmpty()) {
      response = ValidatableResponse.create(r.status(), headers);
    } else {
      // vertx-openapi 5.0 cannot load application/problem+json: the checked copy of the document says application/json
      String type = "application/problem+json".equals(contentType) ? "application/json" : contentType;
      response = ValidatableResponse.create(r.status(), headers, io.vertx.core.buffer.Buffer.buffer(r.body()), type);
    }
    return validator.validate(response, op.getOperationId())
        .recover(e -> Future.failedFuture(new AssertionError(method + " " + path + " -> " + r
            + " does not match the OpenAPI document (" + op.getOperationId() + "): " + e.getMessage(), e)))
        .mapEmpty();
  }
}
