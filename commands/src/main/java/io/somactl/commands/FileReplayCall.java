package io.somactl.commands;

import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.ProgressBar;
import io.somactl.commands.support.StopSignals;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TableRenderer;
import io.somactl.core.config.Settings;
import io.somactl.core.emit.EmitReport;
import io.somactl.core.ingest.FileReplay;
import io.somactl.core.ingest.Replay;
import io.somactl.core.ingest.SessionSink;
import io.somactl.core.kafka.KafkaSettings;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.services.Services;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** {@code replay --file}: archives (NDJSON, NDJSON.gz, Parquet) into ClickHouse or into the topics. */
final class FileReplayCall {
    private final Services services;
    private final Settings settings;
    private final OutputFormat format;
    private final PrintWriter out;
    private final Consumer<String> log;

    FileReplayCall(Services services, OutputFormat format, PrintWriter out, Consumer<String> log) {
        this.services = services;
        this.settings = services.settings();
        this.format = format;
        this.out = out;
        this.log = log;
    }

    void toKafka(FileReplay.Request request, KafkaSettings kafka) {
        EmitReport sent = FileReplay.toKafka(
                request.files(), kafka, settings.topicNames(), request.maxEventBytes(), request.dryRun(), line -> {});
        Table table = Table.withColumns("topic", "valid", "invalid", "sent");
        sent.topics().forEach((t, c) -> table.row(settings.topicNames().of(t), c.valid(), c.invalid(), c.sent()));
        TableRenderer.render(table, format, out);
        log.accept((request.dryRun() ? "dry run, nothing sent: " : "sent ") + sent.sent() + " events to Kafka, "
                + sent.invalid()
                + " invalid lines; ingest bills each event id once, so events sent before count as duplicates");
    }

    void toClickHouse(FileReplay.Request request, PricingOptions.Chosen catalog, ProgressBar progress) {
        log.accept("pricing catalog " + catalog.catalog().version() + " from " + catalog.origin());
        RedisConnection redis = services.redis();
        try (SessionSink sessions = request.dryRun()
                ? SessionSink.NONE
                : services.sessionSink(catalog.catalog().pricer())) {
            FileReplay replay = new FileReplay(
                    request,
                    services.clickHouse(),
                    new RedisUsageCounters(
                            redis.async(), new UsageKeys(settings.redis().keyPrefix()), settings.timeout()),
                    catalog.catalog().pricer(),
                    log);
            replay.useSessions(sessions);
            Replay.Report report;
            try (StopSignals signals = StopSignals.install(() -> {
                log.accept("stopping: storing what was read (a second signal exits at once)");
                replay.stop();
            })) {
                report = replay.run(progress);
            }
            ReplayReportView.render(report, format, out, log);
        }
    }
}
