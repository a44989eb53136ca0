package io.somactl.core.budget;

import io.somactl.core.usage.UsageTotals;
import java.time.Instant;

/** The totals of one closed calendar window of a tenant (persona null) or persona, as archived by a reset. */
public record ArchivedWindow(
        String tenant,
        String persona,
        Period period,
        String windowId,
        String timeZone,
        Instant start,
        Instant end,
        UsageTotals totals,
        String limits,
        Instant archivedAt,
        String archivedBy) {}
