package io.somactl.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageTotals;
import io.somactl.core.usage.UsageWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Checks Redis against ClickHouse the long way: for every tenant and every UTC day and month that
 * has priced events, the counter equals the sums ClickHouse computes from its rows.
 */
public final class UsageReconciliation {
    // n is 1 for every row, but computed from a column: through Distributed tables (a cluster) 18.16 refuses a
    // constant in a UNION ALL ("non constant in source stream but must be constant in result").
    private static final String PRICED_ROWS = """
            SELECT tenant, ts, toUInt64(intDiv(ts_ms, 1000) + 1) AS n, input_tokens AS i, output_tokens AS o, cost_usd AS c
                      FROM slm_metrics
            UNION ALL SELECT tenant, ts, toUInt64(intDiv(ts_ms, 1000) + 1), input_tokens, output_tokens, cost_usd
                      FROM escalation_metrics
            UNION ALL SELECT tenant, ts, toUInt64(intDiv(ts_ms, 1000) + 1), ifNull(input_tokens, 0), ifNull(output_tokens, 0), cost_usd
                      FROM conversation_metrics WHERE channel = 'voice'""";

    private UsageReconciliation() {}

    /** Returns how many (tenant, window) counters were compared. */
    public static int assertRedisEqualsClickHouse(ClickHouse clickHouse, RedisUsageCounters counters) {
        int compared = 0;
        String byDay = "SELECT tenant, toString(toDate(ts)), sum(n), sum(i), sum(o), toString(sum(c)) FROM ("
                + PRICED_ROWS + ") GROUP BY tenant, toDate(ts)";
        for (List<String> row : clickHouse.select(byDay)) {
            Instant day =
                    LocalDate.parse(row.get(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
            compare(
                    row,
                    counters.read(counters.keys().tenantUsage(row.get(0), UsageWindow.DAY, day)),
                    "day " + row.get(1));
            compared++;
        }
        String byMonth = "SELECT tenant, toString(toStartOfMonth(ts)), sum(n), sum(i), sum(o), toString(sum(c)) FROM ("
                + PRICED_ROWS + ") GROUP BY tenant, toStartOfMonth(ts)";
        for (List<String> row : clickHouse.select(byMonth)) {
            Instant month =
                    LocalDate.parse(row.get(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
            compare(
                    row,
                    counters.read(counters.keys().tenantUsage(row.get(0), UsageWindow.MONTH, month)),
                    "month " + row.get(1));
            compared++;
        }
        assertTrue(compared > 0, "there were no priced events to reconcile");
        return compared;
    }

    /** Opens the fixture's Redis and checks its counters against the fixture's ClickHouse. */
    public static void assertRedisAgrees(IngestFixture fixture) {
        try (io.somactl.core.redis.RedisConnection redis =
                io.somactl.core.redis.RedisConnection.open(fixture.stack.redis(fixture.redisPrefix))) {
            assertRedisEqualsClickHouse(
                    fixture.clickHouse,
                    new RedisUsageCounters(
                            redis.async(),
                            new io.somactl.core.usage.UsageKeys(fixture.redisPrefix),
                            java.time.Duration.ofSeconds(10)));
        }
    }

    private static void compare(List<String> clickHouse, UsageTotals redis, String window) {
        String what = "Redis counters of tenant " + clickHouse.get(0) + " for " + window + " differ from ClickHouse: ";
        assertEquals(Long.parseLong(clickHouse.get(2)), redis.requests(), what + "requests");
        assertEquals(Long.parseLong(clickHouse.get(3)), redis.inputTokens(), what + "input tokens");
        assertEquals(Long.parseLong(clickHouse.get(4)), redis.outputTokens(), what + "output tokens");
        assertEquals(
                0,
                new BigDecimal(clickHouse.get(5)).compareTo(redis.costUsd()),
                what + "cost " + clickHouse.get(5) + " vs " + redis.costUsd().toPlainString());
    }
}
