package io.somactl.commands.support;

import io.somactl.core.config.Settings;
import io.somactl.core.schema.DdlRenderer;
import io.somactl.core.schema.MigrationCatalog;
import io.somactl.core.schema.MigrationRunner;
import io.somactl.core.services.Services;
import picocli.CommandLine.Option;

/** {@code --cluster NAME}: ON CLUSTER DDL with replicated engines, for multi-node ClickHouse. */
public final class SchemaOptions {
    @Option(
            names = "--cluster",
            paramLabel = "NAME",
            description = "ClickHouse cluster (from remote_servers) for ON CLUSTER DDL and replicated engines.")
    private String cluster;

    /** The cluster chosen with --cluster or the context's clickhouse.cluster; empty for one server. */
    public String cluster(Settings settings) {
        String chosen = cluster != null ? cluster : settings.clickHouseCluster();
        return chosen == null ? "" : chosen.strip();
    }

    public MigrationRunner runner(Services services) {
        Settings settings = services.settings();
        String chosen = cluster(settings);
        // Migrations name every table with its database, and that database may not exist yet:
        // the session runs in `default`, which every server has.
        return new MigrationRunner(
                services.clickHouseIn("default"),
                new DdlRenderer(settings.clickHouse().database(), chosen),
                MigrationCatalog.bundled());
    }
}
