package io.psip.gateway.store;

import io.psip.call.LegRecord;

import java.util.List;

/** One page of call records and {@code count}, the number of legs the filter selects across all pages. */
public record CallList(List<LegRecord> calls, long count) {}
