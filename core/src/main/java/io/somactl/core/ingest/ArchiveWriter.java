package io.somactl.core.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes an archive's events, in one of the {@link ArchiveFormat}s; {@link #close} completes the file. */
interface ArchiveWriter extends Closeable {
    void write(ArchivedEvent event) throws IOException;

    static ArchiveWriter open(ArchiveFormat format, Path file) throws IOException {
        return switch (format) {
            case NDJSON_GZ -> new Ndjson(file);
            case PARQUET -> ParquetArchive.writer(file);
        };
    }

    /** Envelopes, one a line; line breaks inside an event (whitespace between tokens) become spaces. */
    final class Ndjson implements ArchiveWriter {
        private final OutputStream out;
        private final Map<io.somactl.core.events.Topic, byte[]> prefixes =
                new EnumMap<>(io.somactl.core.events.Topic.class);

        Ndjson(Path file) throws IOException {
            this.out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
        }

        @Override
        public void write(ArchivedEvent event) throws IOException {
            byte[] prefix = prefixes.computeIfAbsent(
                    event.topic(),
                    t -> ("{\"topic\":\"" + t.topicName() + "\",\"event\":").getBytes(StandardCharsets.UTF_8));
            byte[] value = event.json();
            for (int i = 0; i < value.length; i++) {
                if (value[i] == '\n' || value[i] == '\r') {
                    value[i] = ' '; // whitespace between tokens: raw line breaks cannot be inside a JSON string
                }
            }
            out.write(prefix);
            out.write(value);
            out.write('}');
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
