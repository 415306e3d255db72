package io.psip.gateway.store.pg;

import io.psip.gateway.store.AccountRecord;
import io.psip.gateway.store.ApplicationRecord;
import io.psip.gateway.store.DomainRecord;
import io.psip.gateway.store.DomainUserRecord;
import io.psip.gateway.store.NumberRecord;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.RowMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** Rows as the API's records: one {@link RowMapper} per table, over {@code SELECT *} / {@code RETURNING *}. */
final class StoreRows {
  private StoreRows() {}

  static final RowMapper<AccountRecord> ACCOUNT = row -> new AccountRecord(
      row.getString("api_key"), row.getString("name"), row.getBoolean("is_primary"), row.getString("secret_hash"),
      instant(row, "created_at"));

  static final RowMapper<ApplicationRecord> APPLICATION = row -> new ApplicationRecord(
      row.getUUID("id"), row.getString("account_id"), row.getString("name"), row.getJsonObject("voice"),
      instant(row, "created_at"), instant(row, "updated_at"));

  static final RowMapper<DomainRecord> DOMAIN = row -> new DomainRecord(
      row.getString("name"), row.getString("account_id"), row.getUUID("application_id"), strings(row, "acl"),
      row.getBoolean("digest_auth"), row.getString("tls"), row.getString("srtp"), row.getString("domain_type"),
      instant(row, "created_at"), instant(row, "updated_at"));

  static final RowMapper<DomainUserRecord> DOMAIN_USER = row -> new DomainUserRecord(
      row.getString("domain"), row.getString("user_key"), instant(row, "created_at"), instant(row, "updated_at"));

  static final RowMapper<NumberRecord> NUMBER = row -> new NumberRecord(
      row.getString("msisdn"), row.getString("account_id"), row.getUUID("application_id"),
      instant(row, "created_at"), instant(row, "updated_at"));

  static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  static List<String> strings(Row row, String column) {
    String[] values = row.getArrayOfStrings(column);
    return values == null ? List.of() : List.of(values);
  }
}
