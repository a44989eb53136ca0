package io.somactl.core.top;

import io.somactl.core.spend.SpendCell;
import io.somactl.core.spend.SpendReport;
import java.time.Instant;
import java.util.List;

/** Where {@code top}'s panels come from; each call may block on its server (the service bounds it). */
public interface TopSources extends AutoCloseable {
    /** Spend by two keys, from the same query as {@code somactl spend}. */
    List<SpendCell> spend(SpendReport.GroupBy outer, SpendReport.GroupBy inner, Instant since, Instant until);

    /** Budgets nearing or past a warning step (Redis). */
    List<BudgetAlert> budgets(Instant now);

    /** Per telemetry topic: consumer group lag, events and dead letters (Kafka offsets). */
    List<TopicHealth> ingest();

    /** Anomaly flags of hours since {@code since}, largest z first (ClickHouse {@code anomaly_flags}). */
    List<AnomalyRow> anomalies(Instant since);

    @Override
    void close();
}
