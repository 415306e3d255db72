package io.psip.gateway.api;

import io.vertx.core.Future;

/**
 * One API operation: answers a request with a {@link Reply}, or fails with an {@link ApiProblem} or a store outcome.
 * It may also throw them: the dispatcher turns a throw into the same failure.
 */
@FunctionalInterface
public interface Operation {
  Future<Reply> handle(ApiRequest request);
}
