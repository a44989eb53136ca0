package io.somactl.core.rollup;

import java.util.List;

/**
 * What {@code somactl aggregate} found: its rows, and for each source whose rollup holds fewer
 * events than its base table in the range, a line saying so (run {@code aggregate backfill}).
 */
public record AggregateReport(AggregateRequest request, List<AggregateRow> rows, List<String> coverageGaps) {}
