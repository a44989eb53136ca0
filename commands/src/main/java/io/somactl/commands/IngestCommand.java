package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.KafkaClientOptions;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.StopSignals;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.Terminals;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.config.Settings;
import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.Topic;
import io.somactl.core.ingest.IngestConfig;
import io.somactl.core.ingest.IngestSummary;
import io.somactl.core.ingest.IngestTrace;
import io.somactl.core.ingest.IngestWorker;
import io.somactl.core.ingest.SessionSink;
import io.somactl.core.ingest.metrics.IngestMetrics;
import io.somactl.core.ingest.metrics.MetricsServer;
import io.somactl.core.ingest.metrics.ProgressReporter;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "ingest",
        description = {
            "Consume the telemetry topics into ClickHouse, priced, and keep the Redis budget counters, exactly once.",
            "Run several in one --group to split the partitions; give each its own --instance-id for fast restarts.",
            "SIGTERM or Ctrl-C stores and commits the batch in progress and exits 0 (a second signal exits at once)."
        })
public final class IngestCommand extends ServerCommand {
    @Mixin
    private KafkaClientOptions kafka;

    @Mixin
    private PricingOptions pricing;

    @Mixin
    private OutputOptions output;

    @Option(names = "--topics", split = ",", paramLabel = "TOPIC", description = "Topics to ingest (default: all six).")
    private List<String> topics = new ArrayList<>();

    @Option(
            names = "--group",
            defaultValue = "somactl-ingest",
            description = "Kafka consumer group (default: ${DEFAULT-VALUE}).")
    private String group;

    @Option(
            names = "--batch-size",
            defaultValue = "100000",
            description =
                    "Events per ClickHouse insert at most (default: ${DEFAULT-VALUE}). ClickHouse prefers few large inserts: each makes a part it merges later. Memory: about 300 bytes an event, two batches at a time.")
    private int batchSize;

    @Option(
            names = "--linger-ms",
            defaultValue = "1000",
            description = "Longest wait to fill a batch (default: ${DEFAULT-VALUE}).")
    private long lingerMillis;

    @Option(
            names = "--max-event-bytes",
            defaultValue = "1048576",
            description = "Larger events go to the dead-letter topic (default: ${DEFAULT-VALUE}).")
    private int maxEventBytes;

    @Option(
            names = "--until-caught-up",
            description = "Stop once every partition is read to its end (for cron and tests).")
    private boolean untilCaughtUp;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Serve Prometheus /metrics and /healthz on this port (0: any free port).")
    private Integer metricsPort;

    @Option(
            names = "--metrics-host",
            defaultValue = "127.0.0.1",
            description = "Address for --metrics-port (default: ${DEFAULT-VALUE}).")
    private String metricsHost;

    @Option(
            names = "--retry-backoff-ms",
            defaultValue = "1000",
            description = "Wait before re-reading after a failure (default: ${DEFAULT-VALUE}).")
    private long retryBackoffMillis;

    @Option(
            names = "--give-up-after",
            paramLabel = "DURATION",
            description =
                    "Stop (exit 3 if a server is unreachable, else 1) when failures of any kind last this long without a batch committed; default 5m with --until-caught-up, never otherwise (e.g. 30s, 10m, 0 = never).")
    private String giveUpAfter;

    @Option(
            names = "--instance-id",
            paramLabel = "ID",
            description =
                    "This worker's stable identity in the group (Kafka static membership): restarted with the same ID"
                            + " it gets its partitions back at once; without one a killed worker's partitions wait out the session"
                            + " timeout (45 s). One ID per worker: a second worker with the same ID fences the first.")
    private String instanceId;

    @Option(
            names = "--threads",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Threads that decode, validate, price and encode events, each with its own partitions (default: 0 = one per CPU core, at most 4).")
    private int threads;

    @Option(
            names = "--dedup-window",
            defaultValue = "7d",
            paramLabel = "DURATION",
            description =
                    "An event whose tenant and event_id are already stored is not stored or billed again: a copy with the same values counts as a duplicate, one with other values goes to the dead-letter topic. This is how far apart in event time two events with one id are still caught; an exact copy (same ts) is caught however late (default: ${DEFAULT-VALUE}; e.g. 12h, 30d, 0).")
    private String dedupWindow;

    @Override
    public Integer call() throws InterruptedException {
        IngestTrace.mark("ingest command starts");
        Settings settings = settings();
        IngestConfig config = new IngestConfig(
                chosenTopics(),
                settings.topicNames(),
                group,
                batchSize,
                Duration.ofMillis(lingerMillis),
                maxEventBytes,
                untilCaughtUp,
                Duration.ofMillis(retryBackoffMillis),
                patience(),
                threads(),
                dedupWindow.strip().equals("0") ? Duration.ZERO : Settings.parseDuration("--dedup-window", dedupWindow),
                instanceId);
        IngestMetrics metrics = new IngestMetrics();
        ProgressReporter progress = new ProgressReporter(err(), Terminals.interactive(), Clock.systemUTC());
        IngestTrace.mark("settings read");
        // Compiling the schemas takes a quarter second; it can happen while Redis connects.
        Thread.ofPlatform()
                .daemon()
                .name("somactl-schema-compiler")
                .start(() -> CompiledEventSchema.bundled(config.topics().get(0)));
        PricingOptions.Chosen catalog = pricing.choose(settings);
        Pricer pricer = catalog.catalog().pricer();
        log("pricing catalog " + catalog.catalog().version() + " from " + catalog.origin());
        IngestTrace.mark("pricing catalog loaded");
        RedisConnection redis = services().redis();
        HttpClickHouse clickHouse = services().clickHouse();
        try (SessionSink sessions = services().sessionSink(pricer);
                MetricsServer server =
                        metricsPort == null ? null : MetricsServer.start(metricsHost, metricsPort, metrics);
                IngestWorker worker = new IngestWorker(
                        config,
                        settings.kafka(kafka.clientProperties()),
                        clickHouse,
                        new RedisUsageCounters(
                                redis.async(), new UsageKeys(settings.redis().keyPrefix()), settings.timeout()),
                        pricer,
                        metrics,
                        progress::report,
                        this::log)) {
            worker.useSessions(sessions);
            if (sessions != SessionSink.NONE) {
                log("session summaries to PostgreSQL at " + settings.postgres().orElseThrow());
            }
            if (server != null) {
                log("metrics on http://" + metricsHost + ":" + server.port() + "/metrics");
            }
            IngestTrace.mark("worker built");
            IngestSummary summary = runUntilSignalled(worker);
            IngestTrace.mark("worker done");
            progress.finish(summary.totals());
            if (!output.forPeople()) {
                output.render(summaryRow(summary), out());
            }
            if (!summary.clean()) {
                err().println("error: stopped with events not stored (" + summary.problem()
                        + "); nothing is lost: the next run re-reads them from the last commit");
                return summary.serverUnreachable() ? ExitCode.UNAVAILABLE : ExitCode.FAILURE;
            }
            return ExitCode.OK;
        }
    }

    /**
     * SIGTERM and SIGINT ask the worker to finish its batch and the command returns as usual (0
     * when it stopped cleanly); any other JVM shutdown still waits for the batch in a shutdown hook.
     */
    private IngestSummary runUntilSignalled(IngestWorker worker) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    worker.stop();
                    try {
                        finished.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "somactl-ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (StopSignals signals = StopSignals.install(() -> {
            log("stopping: finishing the batch in progress (a second signal exits at once)");
            worker.stop();
        })) {
            return worker.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting for another reason; the hook is running and now returns
            }
        }
    }

    /** Fields: docs/output.md ({@code ingest}); the table's summary stays on stderr, as the progress does. */
    private static Table summaryRow(IngestSummary summary) {
        IngestMetrics.Snapshot totals = summary.totals();
        return Table.withColumns(
                        "consumed",
                        "inserted",
                        "dead_lettered",
                        "skipped",
                        "duplicates",
                        "lag",
                        "errors",
                        "batches",
                        "clean",
                        "problem")
                .row(
                        totals.consumed(),
                        totals.inserted(),
                        totals.deadLettered(),
                        totals.skipped(),
                        totals.duplicates(),
                        totals.totalLag(),
                        totals.failures(),
                        totals.batches(),
                        summary.clean(),
                        summary.problem());
    }

    private int threads() {
        return threads > 0 ? threads : Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    private Duration patience() {
        if (giveUpAfter == null) {
            return untilCaughtUp ? Duration.ofMinutes(5) : Duration.ZERO;
        }
        return giveUpAfter.strip().equals("0") ? Duration.ZERO : Settings.parseDuration("--give-up-after", giveUpAfter);
    }

    private List<Topic> chosenTopics() {
        if (topics.isEmpty()) {
            return List.of(Topic.values());
        }
        List<Topic> chosen = new ArrayList<>();
        for (String name : topics) {
            chosen.add(Topic.byName(name.strip())
                    .orElseThrow(() -> new IllegalArgumentException("unknown topic '" + name + "'; the topics are: "
                            + String.join(
                                    ", ",
                                    java.util.Arrays.stream(Topic.values())
                                            .map(Topic::topicName)
                                            .toList()))));
        }
        return chosen;
    }

    private void log(String message) {
        err().println(Instant.now() + " ingest: " + message);
        err().flush();
    }
}
