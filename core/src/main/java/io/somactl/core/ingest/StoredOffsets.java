package io.somactl.core.ingest;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.events.Topic;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * What ClickHouse already holds of a Kafka partition, read from the provenance columns every row
 * carries ({@code _topic, _partition, _offset}). This is the ground truth ingest resumes from.
 */
final class StoredOffsets {
    private final ClickHouse clickHouse;

    StoredOffsets(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** Offsets of the partition at or above {@code from} that are stored, streamed so any number fits. */
    OffsetSet storedFrom(Topic topic, String kafkaTopic, int partition, long from) {
        String sql = "SELECT _offset FROM " + Sql.identifier(topic.table()) + where(kafkaTopic, partition)
                + " AND _offset >= " + from;
        return clickHouse.selectStream(sql, "TabSeparated", body -> {
            OffsetSet.Builder offsets = OffsetSet.from(from);
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.US_ASCII), 1 << 16);
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isEmpty()) {
                    offsets.add(Long.parseLong(line));
                }
            }
            return offsets.build();
        });
    }

    private static String where(String kafkaTopic, int partition) {
        return " WHERE _topic = " + Sql.quote(kafkaTopic) + " AND _partition = " + partition;
    }
}
