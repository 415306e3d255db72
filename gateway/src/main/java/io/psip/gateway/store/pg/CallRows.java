package io.psip.gateway.store.pg;

import io.psip.call.LegRecord;
import io.vertx.sqlclient.templates.RowMapper;

import static io.psip.gateway.store.pg.StoreRows.instant;

/** A {@code calls} row as the leg record the recorder wrote. */
final class CallRows {
  private CallRows() {}

  static final RowMapper<LegRecord> LEG = row -> new LegRecord(
      row.getString("uuid"), row.getString("conversation_uuid"), row.getString("account_id"),
      row.getString("application_id"), row.getString("direction"), row.getString("from_party"),
      row.getString("to_party"), row.getString("endpoint_type"), row.getString("status"),
      instant(row, "start_time"), instant(row, "answer_time"), instant(row, "end_time"), row.getInteger("sip_code"),
      row.getString("detail"), row.getString("disconnected_by"), row.getString("node"));
}
