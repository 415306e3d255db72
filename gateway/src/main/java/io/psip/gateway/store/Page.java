package io.psip.gateway.store;

import java.util.List;

/** One page of a list: {@code page} counts from 1; {@code total} is the number of items across all pages. */
public record Page<T>(List<T> items, int page, int pageSize, long total) {
  public long totalPages() { return total == 0 ? 0 : (total + pageSize - 1) / pageSize; }
}
