package io.somactl.core.ingest;

import io.somactl.core.ingest.metrics.IngestMetrics;

/** How a worker's run ended and what it did. {@code clean} is false when it stopped with work unstored. */
public record IngestSummary(IngestMetrics.Snapshot totals, boolean clean, String problem, boolean serverUnreachable) {}
