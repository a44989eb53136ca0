package io.somactl.core.clickhouse;

import io.somactl.core.Secret;
import java.net.URI;
import java.time.Duration;

/** Where a ClickHouse server is and how to log in: its HTTP(S) URL, user, password, database. */
public record ClickHouseSettings(URI url, String user, Secret password, String database, Duration timeout) {
    public ClickHouseSettings {
        Sql.identifier(database);
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("ClickHouse URL must start with http:// or https://: " + url);
        }
    }

    public ClickHouseSettings withDatabase(String otherDatabase) {
        return new ClickHouseSettings(url, user, password, otherDatabase, timeout);
    }
}
