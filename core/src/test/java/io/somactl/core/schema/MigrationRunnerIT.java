package io.somactl.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.events.Topic;
import io.somactl.core.testing.LocalStack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("stack")
class MigrationRunnerIT {
    private final LocalStack stack = LocalStack.ensureUp();

    private MigrationRunner runner(String database, List<Migration> migrations) {
        return new MigrationRunner(
                new HttpClickHouse(stack.clickHouse("default")), new DdlRenderer(database, ""), migrations);
    }

    @Test
    void applyingTwiceRunsEachMigrationOnceAndLeavesStatusClean() {
        String database = LocalStack.freshDatabase("migrate");
        List<Migration> applied = new ArrayList<>();
        MigrationRunner runner = runner(database, MigrationCatalog.bundled());
        assertTrue(
                runner.status().stream().allMatch(s -> s.state() == MigrationState.PENDING),
                "before apply every migration is pending");

        runner.apply("test", applied::add);
        runner.apply("test", applied::add);

        assertEquals(MigrationCatalog.bundled(), applied, "the second apply must run nothing");
        assertTrue(
                runner.status().stream().allMatch(s -> s.state() == MigrationState.APPLIED),
                runner.status().toString());
        HttpClickHouse clickHouse = new HttpClickHouse(stack.clickHouse(database));
        for (Topic topic : Topic.values()) {
            assertEquals(
                    "1",
                    clickHouse.selectValue("SELECT count() FROM system.tables WHERE database = " + Sql.quote(database)
                            + " AND name = " + Sql.quote(topic.table())),
                    "table " + topic.table() + " missing");
        }
    }

    @Test
    void aColumnMigrationCutShortAfterSomeOfItsTablesRunsAgainToTheEnd() {
        String database = LocalStack.freshDatabase("addcol");
        Migration table = Migration.fromFile(
                "V001__t.sql",
                "CREATE TABLE IF NOT EXISTS ${database}.a ${on_cluster} (x UInt8) ENGINE = MergeTree ORDER BY x;\n"
                        + "CREATE TABLE IF NOT EXISTS ${database}.b ${on_cluster} (x UInt8) ENGINE = MergeTree ORDER BY x;");
        runner(database, List.of(table)).apply("test", m -> {});
        HttpClickHouse clickHouse = new HttpClickHouse(stack.clickHouse(database));
        clickHouse.execute("ALTER TABLE a ADD COLUMN y UInt64 DEFAULT 0"); // the run that was cut short got this far
        Migration columns = Migration.fromFile(
                "V002__y.sql",
                "ALTER TABLE ${database}.a ${on_cluster} ADD COLUMN y UInt64 DEFAULT 0;\n"
                        + "ALTER TABLE ${database}.b ${on_cluster} ADD COLUMN y UInt64 DEFAULT 0;");

        runner(database, List.of(table, columns)).apply("test", m -> {});

        assertEquals(
                "1",
                clickHouse.selectValue("SELECT count() FROM system.columns WHERE database = " + Sql.quote(database)
                        + " AND table = 'b' AND name = 'y'"),
                "the second table should have the column too");
        assertTrue(runner(database, List.of(table, columns)).status().stream()
                .allMatch(s -> s.state() == MigrationState.APPLIED));
    }

    @Test
    void anEditedMigrationIsReportedAndNotReapplied() {
        String database = LocalStack.freshDatabase("edited");
        Migration original = Migration.fromFile(
                "V001__t.sql",
                "CREATE TABLE IF NOT EXISTS ${database}.t ${on_cluster} (x UInt8) ENGINE = MergeTree ORDER BY x");
        runner(database, List.of(original)).apply("test", m -> {});
        Migration edited = Migration.fromFile("V001__t.sql", original.text() + " -- edited");
        MigrationRunner runner = runner(database, List.of(edited));

        assertEquals(MigrationState.CHANGED, runner.status().get(0).state());
        MigrationChangedException e =
                assertThrows(MigrationChangedException.class, () -> runner.apply("test", m -> {}));
        assertTrue(e.getMessage().contains("V001__t.sql"), e.getMessage());
    }

    @Test
    void aMigrationFromANewerSomactlShowsAsUnknown() {
        String database = LocalStack.freshDatabase("newer");
        Migration one = Migration.fromFile(
                "V001__t.sql",
                "CREATE TABLE IF NOT EXISTS ${database}.t ${on_cluster} (x UInt8) ENGINE = MergeTree ORDER BY x");
        Migration two = Migration.fromFile(
                "V002__u.sql",
                "CREATE TABLE IF NOT EXISTS ${database}.u ${on_cluster} (x UInt8) ENGINE = MergeTree ORDER BY x");
        runner(database, List.of(one, two)).apply("test", m -> {});

        List<MigrationStatus> olderView = runner(database, List.of(one)).status();
        assertEquals(
                List.of(MigrationState.APPLIED, MigrationState.UNKNOWN),
                olderView.stream().map(MigrationStatus::state).toList());
    }
}
