package io.psip.auth;

import io.psip.directory.Directory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * What an authenticator is built from.
 *
 * @param config    this member's own section of the {@code auth} configuration (e.g. {@code auth.digest}), never null
 * @param sipDomain {@code sip.domain}, which names the digest realms
 */
public record AuthContext(Vertx vertx, Directory directory, JsonObject config, String sipDomain) {
  public AuthContext {
    config = config == null ? new JsonObject() : config;
  }
}
