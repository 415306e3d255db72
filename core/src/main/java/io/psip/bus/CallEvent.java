package io.psip.bus;

import io.vertx.core.json.JsonObject;

/**
 * A leg's progress for the application's event_url (CONTRACT §6).
 *
 * @param applicationId whose {@code event_url} receives it (and whose {@code signed_callbacks} applies)
 * @param accountId     whose {@code signature_secret} signs it
 * @param url           an NCCO's {@code eventUrl} overriding the application's, or {@code null}
 * @param method        {@code GET} or {@code POST} with {@code url}; {@code null} = the application's (default POST)
 * @param body          the event: {@code uuid}, {@code conversation_uuid}, {@code from}, {@code to},
 *                      {@code direction}, {@code status}, {@code timestamp}, and the status's own fields; or a
 *                      {@code notify} payload, which is the application's own JSON
 * @param conversation  the call it belongs to: deliveries of one call keep their order; null when unknown
 */
public record CallEvent(String applicationId, String accountId, String url, String method, JsonObject body,
                        String conversation) {
  public CallEvent(String applicationId, String accountId, String url, String method, JsonObject body) {
    this(applicationId, accountId, url, method, body, body == null ? null : body.getString("conversation_uuid"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("application_id", applicationId).put("account_id", accountId).put("body", body);
    if (url != null) json.put("url", url);
    if (method != null) json.put("method", method);
    if (conversation != null) json.put("conversation", conversation);
    return json;
  }

  /** @throws IllegalArgumentException when a field is missing or of the wrong type */
  public static CallEvent fromJson(JsonObject json) {
    try {
      String app = json.getString("application_id");
      String account = json.getString("account_id");
      JsonObject body = json.getJsonObject("body");
      if (app == null || account == null || body == null) {
        throw new IllegalArgumentException("a call event needs application_id, account_id and body");
      }
      String conversation = json.getString("conversation", body.getString("conversation_uuid"));
      return new CallEvent(app, account, json.getString("url"), json.getString("method"), body, conversation);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed call event: " + e.getMessage());
    }
  }
}
