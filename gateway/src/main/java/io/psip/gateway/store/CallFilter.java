package io.psip.gateway.store;

import java.time.Instant;

/**
 * Which legs {@code GET /v1/calls} lists: each filter {@code null} when not given; legs ordered by start time.
 *
 * @param dateStart   legs that started at or after this instant
 * @param dateEnd     legs that started at or before this instant
 * @param recordIndex how many legs of the list to skip, from 0
 */
public record CallFilter(String status, Instant dateStart, Instant dateEnd, String conversationUuid,
                         long recordIndex, int pageSize, boolean descending) {
  public CallFilter {
    if (recordIndex < 0 || pageSize < 1) throw new IllegalArgumentException("record index from 0, page size from 1");
  }
}
