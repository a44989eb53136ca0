package io.somactl.core.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The migrations shipped in the jar, in order. {@code sql/migrations/index.txt} names them, because
 * a jar cannot list a resource folder; a test checks the index against the folder.
 */
public final class MigrationCatalog {
    static final String ROOT = "somactl/sql/migrations/";

    private MigrationCatalog() {}

    public static List<Migration> bundled() {
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(ROOT + "index.txt").split("\n")) {
            String fileName = line.strip();
            if (!fileName.isEmpty() && !fileName.startsWith("#")) {
                migrations.add(Migration.fromFile(fileName, read(ROOT + fileName)));
            }
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new IllegalStateException(
                        "two migrations share version " + migrations.get(i).version());
            }
        }
        return List.copyOf(migrations);
    }

    private static String read(String resource) {
        try (InputStream in = MigrationCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " (a broken build?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
