package io.psip.gateway.store.pg;

import io.psip.directory.AccountEntry;
import io.psip.directory.ApplicationEntry;
import io.psip.directory.DirectoryChange;
import io.psip.directory.DirectoryEntry;
import io.psip.directory.DomainEntry;
import io.psip.directory.DomainUserEntry;
import io.psip.directory.NumberEntry;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.RowMapper;

import java.util.UUID;

/**
 * Rows as directory changes: the entry each row stands for, at the version the row was written at. The same mappers
 * serve the stores (over {@code RETURNING *}) and the full load (over {@code SELECT *}), so both build identical
 * entries.
 */
public final class DirectoryRows {
  private DirectoryRows() {}

  public static final RowMapper<DirectoryChange> ACCOUNT = row -> upsert(new AccountEntry(
      row.getString("api_key"), row.getString("name"), row.getString("ha1_md5"), row.getString("ha1_sha256"),
      row.getString("signature_secret")), row);

  public static final RowMapper<DirectoryChange> APPLICATION = row -> upsert(
      application(row.getUUID("id"), row.getString("account_id"), row.getString("name"), row.getJsonObject("voice")),
      row);

  public static final RowMapper<DirectoryChange> DOMAIN = row -> upsert(new DomainEntry(
      row.getString("name"), row.getString("account_id"), text(row.getUUID("application_id")),
      StoreRows.strings(row, "acl"), row.getBoolean("digest_auth"), row.getString("tls"), row.getString("srtp"),
      row.getString("domain_type")), row);

  public static final RowMapper<DirectoryChange> DOMAIN_USER = row -> upsert(new DomainUserEntry(
      row.getString("domain"), row.getString("user_key"), row.getString("ha1_md5"), row.getString("ha1_sha256")), row);

  public static final RowMapper<DirectoryChange> NUMBER = row -> upsert(new NumberEntry(
      row.getString("msisdn"), row.getString("account_id"), text(row.getUUID("application_id"))), row);

  /** A tombstone for a row a DELETE returned with {@code nextval('directory_version') AS version}. */
  static DirectoryChange delete(DirectoryEntry.Kind kind, String key, Row row) {
    return DirectoryChange.delete(kind, key, row.getLong("version"));
  }

  /**
   * An application's directory entry from its stored {@code capabilities.voice}: the API validated and defaulted it,
   * so it is read as stored; a missing webhook is {@code null}, missing fields take Vonage's defaults.
   */
  public static ApplicationEntry application(UUID id, String accountId, String name, JsonObject voice) {
    JsonObject v = voice == null ? new JsonObject() : voice;
    JsonObject hooks = v.getJsonObject("webhooks", v);
    return new ApplicationEntry(id.toString(), accountId, name,
        webhook(hooks.getJsonObject("answer_url"), "GET"),
        webhook(hooks.getJsonObject("fallback_answer_url"), "GET"),
        webhook(hooks.getJsonObject("event_url"), "POST"),
        v.getBoolean("signed_callbacks", true));
  }

  private static ApplicationEntry.Webhook webhook(JsonObject w, String defaultMethod) {
    if (w == null || w.getString("address") == null || w.getString("address").isEmpty()) return null;
    Integer connect = w.getInteger("connect_timeout", w.getInteger("connection_timeout", 1000));
    return new ApplicationEntry.Webhook(w.getString("address"), w.getString("http_method", defaultMethod),
        connect, w.getInteger("socket_timeout", 5000));
  }

  private static DirectoryChange upsert(DirectoryEntry entry, Row row) {
    return DirectoryChange.upsert(entry, row.getLong("version"));
  }

  private static String text(UUID id) { return id == null ? null : id.toString(); }
}
