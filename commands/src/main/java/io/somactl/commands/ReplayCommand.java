package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.KafkaClientOptions;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PartitionOffsets;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.ProgressBar;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.StopSignals;
import io.somactl.commands.support.Terminals;
import io.somactl.commands.support.Times;
import io.somactl.core.config.Settings;
import io.somactl.core.events.Topic;
import io.somactl.core.ingest.FileReplay;
import io.somactl.core.ingest.Replay;
import io.somactl.core.ingest.SessionSink;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.usage.RedisUsageCounters;
import io.somactl.core.usage.UsageKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "replay",
        description = {
            "Re-process a range of a telemetry topic, or its dead letters (--dlq), through ingest's own validate, price and store path.",
            "Idempotent: what ClickHouse already holds is not stored again, and Redis is recounted from ClickHouse for the tenants it adds rows for.",
            "Only offsets the ingest group has committed are touched; progress is kept in --group, so a stopped replay run again continues.",
            "--file replays archives (NDJSON, NDJSON.gz, Parquet) straight into ClickHouse (--to clickhouse) or into the topics (--to kafka).",
            "On a terminal a progress bar shows rate and time left; otherwise a progress line every 10 s."
        })
public final class ReplayCommand extends ServerCommand {
    @Mixin
    private KafkaClientOptions kafka;

    @Mixin
    private PricingOptions pricing;

    @Mixin
    private OutputOptions output;

    @Option(names = "--topics", split = ",", paramLabel = "TOPIC", description = "Topics to replay (default: all six).")
    private List<String> topics = new ArrayList<>();

    @Option(
            names = "--dlq",
            description =
                    "Replay the topics' dead letters (<topic>.dlq): those now valid and priced are stored, the rest stay where they are.")
    private boolean deadLetters;

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description =
                    "Replay this archive instead of a topic (repeatable): NDJSON or NDJSON.gz of {\"topic\":…,\"event\":{…}} lines, or Parquet (*.parquet) as archive writes it.")
    private List<Path> files = new ArrayList<>();

    @Option(
            names = "--offsets",
            split = ",",
            paramLabel = "P:FROM-TO",
            description =
                    "Offsets per partition, FROM inclusive, TO exclusive (one topic only), e.g. 0:100-200,3:0-50.")
    private List<String> offsets = new ArrayList<>();

    @Option(
            names = "--from",
            paramLabel = "TIME",
            description =
                    "Replay records written at or after this time (Kafka's offsets for times): RFC 3339, a date, or a span back from now (2h, 7d).")
    private String from;

    @Option(
            names = "--to",
            paramLabel = "TIME|TARGET",
            description = "Replay records written before this time; with --file, where"
                    + " the events go: clickhouse (the default: stored and billed once, by the file's content and each event id) or kafka"
                    + " (sent to the topics for ingest).")
    private String to;

    @Option(
            names = "--group",
            defaultValue = "somactl-replay",
            description = "The replay's own consumer group, which keeps its progress (default: ${DEFAULT-VALUE}).")
    private String group;

    @Option(
            names = "--ingest-group",
            defaultValue = "somactl-ingest",
            description =
                    "The live workers' group: only what it has committed is replayed (default: ${DEFAULT-VALUE}).")
    private String ingestGroup;

    @Option(
            names = "--dry-run",
            description = "Report what would be stored (events, tokens, cost per tenant) and write nothing.")
    private boolean dryRun;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "N",
            description = "Events per second at most (default: 0 = no limit).")
    private int rate;

    @Option(
            names = "--batch-size",
            defaultValue = "100000",
            description = "Events per ClickHouse insert at most (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(
            names = "--max-event-bytes",
            defaultValue = "1048576",
            description = "Larger events stay invalid (default: ${DEFAULT-VALUE}).")
    private int maxEventBytes;

    @Option(
            names = "--dedup-window",
            defaultValue = "7d",
            paramLabel = "DURATION",
            description = "As for ingest (default: ${DEFAULT-VALUE}).")
    private String dedupWindow;

    @Override
    public Integer call() {
        Settings settings = settings();
        if (!files.isEmpty()) {
            return replayFiles(settings);
        }
        Instant now = Instant.now();
        Replay.Request request = new Replay.Request(
                chosenTopics(),
                settings.topicNames(),
                deadLetters,
                PartitionOffsets.parse(spec, offsets),
                from == null ? null : Times.instant(spec, "--from", from, now, false),
                to == null ? null : Times.instant(spec, "--to", to, now, false),
                group,
                ingestGroup,
                dryRun,
                rate,
                batchSize,
                maxEventBytes,
                dedupWindow());
        PricingOptions.Chosen catalog = pricing.choose(settings);
        log("pricing catalog " + catalog.catalog().version() + " from " + catalog.origin());
        Replay.Report report;
        RedisConnection redis = services().redis();
        try (SessionSink sessions = dryRun
                        ? SessionSink.NONE
                        : services().sessionSink(catalog.catalog().pricer());
                Replay replay = new Replay(
                        request,
                        settings.kafka(kafka.clientProperties()),
                        services().clickHouse(),
                        new RedisUsageCounters(
                                redis.async(), new UsageKeys(settings.redis().keyPrefix()), settings.timeout()),
                        catalog.catalog().pricer(),
                        this::log);
                StopSignals signals = StopSignals.install(() -> {
                    log("stopping: storing what was read (a second signal exits at once)");
                    replay.stop();
                })) {
            replay.useSessions(sessions);
            report = replay.run(progressBar());
        }
        ReplayReportView.render(report, output.format(), out(), this::log);
        return ExitCode.OK;
    }

    private int replayFiles(Settings settings) {
        if (deadLetters || !offsets.isEmpty() || from != null || !topics.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--file takes no --dlq, --topics, --offsets or --from");
        }
        String target = to == null ? "clickhouse" : to.strip();
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ParameterException(spec.commandLine(), "--file: " + file + " is not a readable file");
            }
        }
        FileReplay.Request request = new FileReplay.Request(
                files, settings.topicNames(), dryRun, rate, batchSize, maxEventBytes, dedupWindow());
        FileReplayCall call = new FileReplayCall(services(), output.format(), out(), this::log);
        switch (target) {
            case "kafka" -> call.toKafka(request, settings.kafka(kafka.clientProperties()));
            case "clickhouse" -> call.toClickHouse(request, pricing.choose(settings), progressBar());
            default ->
                throw new ParameterException(
                        spec.commandLine(), "with --file, --to is clickhouse or kafka, not '" + target + "'");
        }
        return ExitCode.OK;
    }

    private ProgressBar progressBar() {
        return new ProgressBar(
                err(), Terminals.interactive(), Terminals.ansi(Terminals.environment(spec)), true, "replay", "events");
    }

    private Duration dedupWindow() {
        return dedupWindow.strip().equals("0") ? Duration.ZERO : Settings.parseDuration("--dedup-window", dedupWindow);
    }

    private List<Topic> chosenTopics() {
        if (topics.isEmpty()) {
            return List.of(Topic.values());
        }
        List<Topic> chosen = new ArrayList<>();
        for (String name : topics) {
            chosen.add(Topic.byName(name.strip())
                    .orElseThrow(() -> new ParameterException(
                            spec.commandLine(),
                            "unknown topic '" + name + "'; the topics are: "
                                    + String.join(
                                            ", ",
                                            java.util.Arrays.stream(Topic.values())
                                                    .map(Topic::topicName)
                                                    .toList()))));
        }
        return chosen;
    }

    private void log(String message) {
        err().println(Instant.now() + " replay: " + message);
        err().flush();
    }
}
