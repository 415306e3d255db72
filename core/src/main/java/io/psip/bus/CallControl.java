package io.psip.bus;

import io.vertx.core.json.JsonObject;

/**
 * A command for a live call, sent (request-reply) to the node that owns the leg: {@link #address(String)} of the
 * leg record's {@code node}. Reply: {@code {"result": "ok"}} or {@code {"result": "not_found"}}.
 *
 * @param uuid   the leg (either leg of a call: the whole call is acted on)
 * @param action {@code hangup}
 */
public record CallControl(String uuid, String action) {
  public static final String HANGUP = "hangup";
  public static final String OK = "ok";
  public static final String NOT_FOUND = "not_found";

  public static String address(String node) { return "psip.calls.control." + node; }

  public JsonObject toJson() { return new JsonObject().put("uuid", uuid).put("action", action); }

  /** @throws IllegalArgumentException when a field is missing */
  public static CallControl fromJson(JsonObject json) {
    Object uuid = json.getValue("uuid");
    Object action = json.getValue("action");
    if (!(uuid instanceof String u) || !(action instanceof String a)) {
      throw new IllegalArgumentException("a call control message needs uuid and action");
    }
    return new CallControl(u, a);
  }
}
