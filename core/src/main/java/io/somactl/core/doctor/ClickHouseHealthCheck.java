package io.somactl.core.doctor;

import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.clickhouse.HttpClickHouse;
import java.time.Duration;

public final class ClickHouseHealthCheck implements HealthCheck {
    private final ClickHouseSettings settings;

    public ClickHouseHealthCheck(ClickHouseSettings settings) {
        this.settings = settings;
    }

    @Override
    public String server() {
        return "clickhouse";
    }

    @Override
    public String address() {
        return settings.url().toString();
    }

    @Override
    public HealthReport check() {
        try {
            // The server answers even before `schema apply` created somactl's database.
            HttpClickHouse clickHouse = new HttpClickHouse(settings.withDatabase("system"));
            String version = clickHouse.serverVersion();
            // The first request pays for the connection; the round trip is timed on the second.
            long start = System.nanoTime();
            clickHouse.select("SELECT 1");
            return HealthReport.up(server(), address(), version, Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            return HealthReport.down(server(), address(), Problems.describe(e));
        }
    }
}
