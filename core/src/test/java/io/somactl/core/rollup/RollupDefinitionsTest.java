package io.somactl.core.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.schema.Migration;
import io.somactl.core.schema.MigrationCatalog;
import org.junit.jupiter.api.Test;

/** The views of V003 and the backfill must run the same SELECT, or a backfilled month would differ. */
class RollupDefinitionsTest {
    private static String migration() {
        return MigrationCatalog.bundled().stream()
                .filter(m -> m.name().equals("rollups"))
                .findFirst()
                .map(Migration::text)
                .orElseThrow();
    }

    @Test
    void everyViewOfTheMigrationRunsExactlyTheSelectThatBackfillRuns() {
        String text = migration();
        for (RollupSource source : RollupSource.values()) {
            String view = "CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}." + source.view()
                    + " ${on_cluster}\nTO ${database}." + source.table() + "\nAS " + source.select("${database}", null)
                    + ";";
            assertTrue(
                    text.contains(view), source + ": the migration's view differs from RollupSource.select:\n" + view);
            assertTrue(
                    text.contains("CREATE TABLE IF NOT EXISTS ${database}." + source.table() + " ${on_cluster}"),
                    source.table());
        }
    }

    @Test
    void aBackfillSelectAddsItsConditionToTheSourcesOwnFilter() {
        String select = RollupSource.VOICE.select("somactl", "x = 1");
        assertTrue(
                select.contains(
                        "FROM somactl.conversation_metrics\nWHERE channel = 'voice' AND x = 1\nGROUP BY hour, tenant, persona"),
                select);
        assertEquals(6, RollupSource.values().length);
    }
}
