package io.psip.bus;

import io.vertx.core.json.JsonObject;

/**
 * Ask the application what to do with a call.
 *
 * @param applicationId the application whose {@code answer_url} (and fallback) to call
 * @param accountId     the account (api_key) whose {@code signature_secret} signs the request
 * @param params        the CONTRACT §4 fields, sent as the query string (GET) or the JSON body (POST)
 * @param budgetMs      how long the caller will wait for the whole answer, retries and fallback included
 */
public record AnswerRequest(String applicationId, String accountId, JsonObject params, long budgetMs) {
  public JsonObject toJson() {
    return new JsonObject().put("application_id", applicationId).put("account_id", accountId)
        .put("params", params).put("budget_ms", budgetMs);
  }

  /** @throws IllegalArgumentException when a field is missing or of the wrong type */
  public static AnswerRequest fromJson(JsonObject json) {
    try {
      String app = json.getString("application_id");
      String account = json.getString("account_id");
      JsonObject params = json.getJsonObject("params");
      Long budget = json.getLong("budget_ms");
      if (app == null || account == null || params == null || budget == null) {
        throw new IllegalArgumentException("an answer request needs application_id, account_id, params and budget_ms");
      }
      return new AnswerRequest(app, account, params, budget);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed answer request: " + e.getMessage());
    }
  }
}
