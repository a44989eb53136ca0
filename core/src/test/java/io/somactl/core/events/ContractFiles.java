package io.somactl.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The contract's files in the working tree: schemas, examples and the event-table migration. */
final class ContractFiles {

    static final ObjectMapper JSON = new ObjectMapper();

    private ContractFiles() {}

    /** The repository root: {@code somactl.projectRoot} (set by surefire), else the nearest ancestor with schemas/. */
    static Path projectRoot() {
        String configured = System.getProperty("somactl.projectRoot");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "schemas"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("schemas"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root: no schemas/ directory above "
                + Path.of("").toAbsolutePath() + " and somactl.projectRoot is not set");
    }

    static Path schemasDir() {
        return projectRoot().resolve("schemas");
    }

    static Path schemaFile(Topic topic) {
        return schemasDir().resolve(topic.topicName() + ".schema.json");
    }

    static Path examplesDir(Topic topic) {
        return schemasDir().resolve("examples").resolve(topic.topicName());
    }

    static Path eventTablesMigration() {
        return projectRoot().resolve("sql/migrations/V001__event_tables.sql");
    }

    static List<Path> examples(Topic topic) {
        Path dir = examplesDir(topic);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A fresh, mutable copy of the topic's bundled minimal example (a valid event with only required fields). */
    static ObjectNode minimalEvent(Topic topic) {
        return (ObjectNode) readJson(examplesDir(topic).resolve("minimal.json")).deepCopy();
    }

    static String relative(Path file) {
        return projectRoot().relativize(file).toString();
    }
}
