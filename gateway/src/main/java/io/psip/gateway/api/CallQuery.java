package io.psip.gateway.api;

import io.psip.gateway.store.CallFilter;
import io.psip.gateway.store.CallList;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code GET /v1/calls}, as Vonage's Voice API takes it: filters {@code status}, {@code date_start},
 * {@code date_end} (ISO 8601 with a zone; on the leg's start time, both ends included), {@code conversation_uuid};
 * {@code page_size} (1–100, default 10), {@code record_index} (from 0), {@code order} ({@code asc}, the default, or
 * {@code desc}). A 422 names every bad parameter; unknown parameters are ignored.
 */
record CallQuery(CallFilter filter) {
  /** Vonage's status filter values (a superset of what psip records: {@code machine} and {@code timeout} never match). */
  static final List<String> STATUSES = List.of("started", "ringing", "answered", "machine", "completed", "busy",
      "cancelled", "failed", "rejected", "timeout", "unanswered");
  static final List<String> ORDERS = List.of("asc", "desc");
  static final int MAX_RECORD_INDEX = 100_000_000;
  private static final String DATE_RULE = "must be an ISO 8601 date-time with a zone, e.g. 2026-01-01T00:00:00Z";

  static CallQuery of(ApiRequest r) {
    Violations v = new Violations();
    int pageSize = integer(r, "page_size", 1, Paging.MAX_PAGE_SIZE, Paging.DEFAULT_PAGE_SIZE, v);
    int recordIndex = integer(r, "record_index", 0, MAX_RECORD_INDEX, 0, v);
    String order = choice(r, "order", ORDERS, v);
    String status = choice(r, "status", STATUSES, v);
    Instant start = date(r, "date_start", v);
    Instant end = date(r, "date_end", v);
    if (start != null && end != null && end.isBefore(start)) v.add("date_end", "must not be before date_start");
    String conversation = one(r, "conversation_uuid", v);
    if (conversation != null && !conversation.matches("[A-Za-z0-9_-]{1,100}")) {
      v.add("conversation_uuid", "must be a conversation id such as CON-f972836a-550f-45fa-956c-12a2ab5b7d22");
    }
    v.throwIfAny();
    return new CallQuery(new CallFilter(status, start, end, conversation, recordIndex, pageSize, "desc".equals(order)));
  }

  /**
   * Vonage's list document: {@code count}, {@code page_size}, {@code record_index}, {@code _links} ({@code self},
   * {@code first}, {@code last}, and {@code prev}/{@code next} when there are such pages; every link keeps the
   * filters) and {@code _embedded.calls}.
   */
  JsonObject render(CallList list, String basePath) {
    int size = filter.pageSize();
    long index = filter.recordIndex();
    long last = list.count() == 0 ? 0 : (list.count() - 1) / size * size;
    JsonObject links = new JsonObject()
        .put("self", link(basePath, index))
        .put("first", link(basePath, 0))
        .put("last", link(basePath, last));
    if (index > 0) links.put("prev", link(basePath, Math.min(Math.max(0, index - size), last)));
    if (index + size < list.count()) links.put("next", link(basePath, index + size));
    return new JsonObject()
        .put("count", list.count())
        .put("page_size", size)
        .put("record_index", index)
        .put("_links", links)
        .put("_embedded", new JsonObject().put("calls",
            new JsonArray(list.calls().stream().map(CallsApi::json).toList())));
  }

  private JsonObject link(String basePath, long recordIndex) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("page_size", Integer.toString(filter.pageSize()));
    q.put("record_index", Long.toString(recordIndex));
    q.put("order", filter.descending() ? "desc" : "asc");
    if (filter.status() != null) q.put("status", filter.status());
    if (filter.dateStart() != null) q.put("date_start", filter.dateStart().toString());
    if (filter.dateEnd() != null) q.put("date_end", filter.dateEnd().toString());
    if (filter.conversationUuid() != null) q.put("conversation_uuid", filter.conversationUuid());
    StringBuilder href = new StringBuilder(basePath);
    char sep = '?';
    for (Map.Entry<String, String> e : q.entrySet()) {
      href.append(sep).append(e.getKey()).append('=').append(Links.segment(e.getValue()));
      sep = '&';
    }
    return Links.href(href.toString());
  }

  /** The parameter's single value, or {@code null} when absent (or given more than once: then a violation). */
  private static String one(ApiRequest r, String name, Violations v) {
    List<String> values = r.query(name);
    if (values.isEmpty()) return null;
    if (values.size() > 1) {
      v.add(name, "must be given once");
      return null;
    }
    return values.get(0);
  }

  private static int integer(ApiRequest r, String name, int min, int max, int dflt, Violations v) {
    String s = one(r, name, v);
    if (s == null) return dflt;
    if (s.matches("[0-9]{1,9}")) {
      int n = Integer.parseInt(s);
      if (n >= min && n <= max) return n;
    }
    v.add(name, "must be an integer from " + min + " to " + max);
    return dflt;
  }

  private static String choice(ApiRequest r, String name, List<String> allowed, Violations v) {
    String s = one(r, name, v);
    if (s == null || allowed.contains(s)) return s;
    v.add(name, "must be one of: " + String.join(", ", allowed));
    return null;
  }

  private static Instant date(ApiRequest r, String name, Violations v) {
    String s = one(r, name, v);
    if (s == null) return null;
    try {
      // a '+' of an offset sent unencoded arrives as a space; an ISO 8601 date-time never holds one
      return OffsetDateTime.parse(s.trim().replace(' ', '+')).toInstant();
    } catch (DateTimeParseException e) {
      v.add(name, DATE_RULE);
      return null;
    }
  }
}
