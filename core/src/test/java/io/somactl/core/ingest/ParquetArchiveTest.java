package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.usage.UsageDelta;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Parquet archive holds each event's bytes exactly, with its typed columns, and reads back as NDJSON envelopes too. */
class ParquetArchiveTest {
    @TempDir
    Path dir;

    @Test
    void eventsComeBackByteForByteWithTheirColumnsAndAsEnvelopes() throws IOException {
        List<TopicEvent> events = IngestFixture.trace(2_000);
        Path file = dir.resolve("a.parquet");
        BigDecimal cost = new BigDecimal("-0.000000000001"); // a negative amount: the two's complement sign extension
        try (ArchiveWriter out = ArchiveWriter.open(ArchiveFormat.PARQUET, file)) {
            for (int i = 0; i < events.size(); i++) {
                TopicEvent e = events.get(i);
                UsageDelta usage = i % 2 == 0
                        ? null
                        : new UsageDelta(
                                e.tenant(), "p", Instant.EPOCH, i, 2L * i, 3L * i, cost.add(BigDecimal.valueOf(i)), 0);
                out.write(new ArchivedEvent(
                        e.topic(),
                        e.json().getBytes(StandardCharsets.UTF_8),
                        e.tenant(),
                        "id-" + i,
                        1_700_000_000_000L + i,
                        usage));
            }
        }
        assertEquals(events.size(), ParquetArchive.rows(file));
        List<ParquetArchive.Row> rows = new ArrayList<>();
        ParquetArchive.read(file, (number, row) -> rows.add(row));
        assertEquals(events.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ParquetArchive.Row row = rows.get(i);
            assertEquals(events.get(i).json(), new String(row.event(), StandardCharsets.UTF_8));
            assertEquals(events.get(i).topic().topicName(), row.topic());
            assertEquals("id-" + i, row.eventId());
            assertEquals(1_700_000_000_000L + i, row.tsMillis());
            if (i % 2 == 0) {
                assertNull(row.costUsd());
                assertNull(row.totalTokens());
            } else {
                assertEquals(0, cost.add(BigDecimal.valueOf(i)).compareTo(row.costUsd()), "row " + i);
                assertEquals(3L * i, row.totalTokens());
            }
        }
        StringBuilder expected = new StringBuilder();
        events.forEach(e -> expected.append("{\"topic\":\"")
                .append(e.topic().topicName())
                .append("\",\"event\":")
                .append(e.json())
                .append("}\n"));
        try (InputStream in = ParquetArchive.envelopes(file)) {
            assertEquals(expected.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFileThatIsNotAParquetArchiveIsRefusedWithAnIoError() throws IOException {
        Path file = dir.resolve("not.parquet");
        Files.write(file, "PAR1 not really".getBytes(StandardCharsets.UTF_8));
        assertThrows(IOException.class, () -> ParquetArchive.read(file, (number, row) -> true));
    }
}
