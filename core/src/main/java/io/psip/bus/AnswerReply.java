package io.psip.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The webhook verticle's answer to an {@link AnswerRequest}. */
public sealed interface AnswerReply {

  /**
   * The application answered with a JSON array (not yet validated as an NCCO: the SIP side does that, so it can
   * tell the caller exactly which action is wrong).
   *
   * @param url      the URL that answered (the answer_url or the fallback)
   * @param attempts HTTP requests made in total, the successful one included
   */
  record Ncco(JsonArray ncco, String url, int attempts) implements AnswerReply {}

  /**
   * No usable answer. {@code sipStatus} is what the caller gets: 503 when no URL answered in time, 500 when an
   * answer was not a JSON array. {@code detail} names the problem for the Warning and the {@code failed} event.
   */
  record Failed(int sipStatus, String detail, int attempts) implements AnswerReply {}

  default JsonObject toJson() {
    if (this instanceof Ncco n) {
      return new JsonObject().put("outcome", "ncco").put("ncco", n.ncco()).put("url", n.url()).put("attempts", n.attempts());
    }
    Failed f = (Failed) this;
    return new JsonObject().put("outcome", "failed").put("sip_status", f.sipStatus()).put("detail", f.detail())
        .put("attempts", f.attempts());
  }

  /** @throws IllegalArgumentException when the reply is not one this version writes */
  static AnswerReply fromJson(JsonObject json) {
    try {
      String outcome = json.getString("outcome");
      if ("ncco".equals(outcome)) {
        JsonArray ncco = json.getJsonArray("ncco");
        if (ncco == null) throw new IllegalArgumentException("an ncco reply without ncco");
        return new Ncco(ncco, json.getString("url"), json.getInteger("attempts", 0));
      }
      if ("failed".equals(outcome)) {
        return new Failed(json.getInteger("sip_status", 503), json.getString("detail", "the answer webhook failed"),
            json.getInteger("attempts", 0));
      }
      throw new IllegalArgumentException("unknown answer outcome: " + outcome);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed answer reply: " + e.getMessage());
    }
  }
}
