package io.somactl.core.ingest;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.events.Topic;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What ClickHouse already holds of a Kafka partition, read from the provenance columns every row
 * carries ({@code _topic, _partition, _offset}). This is the ground truth ingest resumes from.
 */
final class StoredOffsets {
    private final ClickHouse clickHouse;

    StoredOffsets(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    OptionalLong maxOffset(Topic topic, String kafkaTopic, int partition) {
        List<List<String>> rows = clickHouse.select("SELECT max(_offset), count() FROM " + Sql.identifier(topic.table())
                + where(kafkaTopic, partition));
        return "0".equals(rows.get(0).get(1)) ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(rows.get(0).get(0)));
    }

    /** Offsets of the partition at or above {@code from} that are stored. */
    Set<Long> storedFrom(Topic topic, String kafkaTopic, int partition, long from) {
        return offsets("SELECT _offset FROM " + Sql.identifier(topic.table()) + where(kafkaTopic, partition)
                + " AND _offset >= " + from);
    }

    private Set<Long> offsets(String sql) {
        Set<Long> offsets = new HashSet<>();
        for (List<String> row : clickHouse.select(sql)) {
            offsets.add(Long.parseLong(row.get(0)));
        }
        return offsets;
    }

    private static String where(String kafkaTopic, int partition) {
        return " WHERE _topic = " + Sql.quote(kafkaTopic) + " AND _partition = " + partition;
    }
}
