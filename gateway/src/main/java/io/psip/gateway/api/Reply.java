package io.psip.gateway.api;

import io.vertx.core.json.JsonObject;

/** A successful answer: a status, a JSON body (none for 204), and for 201 where the new resource lives. */
public record Reply(int status, JsonObject body, String location) {
  public static Reply ok(JsonObject body) { return new Reply(200, body, null); }

  public static Reply created(JsonObject body, String location) { return new Reply(201, body, location); }

  public static Reply noContent() { return new Reply(204, null, null); }
}
