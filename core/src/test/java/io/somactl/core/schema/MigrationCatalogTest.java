package io.somactl.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.somactl.core.testing.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationCatalogTest {

    @Test
    void theIndexListsEveryMigrationFileInVersionOrder() throws IOException {
        Path folder = LocalStack.projectRoot().resolve("sql/migrations");
        List<String> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted()
                    .toList();
        }
        List<String> bundled =
                MigrationCatalog.bundled().stream().map(Migration::fileName).toList();
        assertFalse(bundled.isEmpty(), "no migrations are bundled");
        assertEquals(files, bundled, "sql/migrations/index.txt must list every .sql file there, in order");
    }

    @Test
    void everyBundledMigrationRendersForOneServerAndForACluster() {
        for (Migration migration : MigrationCatalog.bundled()) {
            assertFalse(
                    new DdlRenderer("somactl", "").statements(migration.text()).isEmpty(), migration.fileName());
            new DdlRenderer("somactl", "c1")
                    .statements(migration.text())
                    .forEach(statement -> assertFalse(
                            statement.contains("${"), migration.fileName() + " left a placeholder: " + statement));
        }
    }
}
