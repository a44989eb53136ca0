package io.somactl.core.testing;

import io.somactl.core.clickhouse.ClickHouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;

/**
 * Synthetic priced rows for large exports, made inside ClickHouse by bench/synthetic-billing.sql
 * (the same statement the export benchmark runs): {@code rows} events in the 720 hours from
 * {@code start}, each its own billing group at hourly grain.
 */
public final class SyntheticBilling {
    private SyntheticBilling() {}

    public static void insert(ClickHouse clickHouse, long rows, Instant start) {
        String template;
        try {
            template = Files.readString(LocalStack.projectRoot().resolve("bench/synthetic-billing.sql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sql = template.lines()
                .filter(l -> !l.startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n")
                .replace("${database}", clickHouse.database())
                .replace("${rows}", Long.toString(rows))
                .replace("${start}", Long.toString(start.getEpochSecond()))
                .strip();
        clickHouse.execute(sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql);
    }
}
