package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.KafkaClientOptions;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PartitionOffsets;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.ProgressBar;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.Terminals;
import io.somactl.commands.support.Times;
import io.somactl.core.config.Settings;
import io.somactl.core.events.Topic;
import io.somactl.core.ingest.Archive;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "archive",
        subcommands = ArchiveVerifyCommand.class,
        description = {
            "Write a range of the telemetry topics (or, with --source clickhouse, an event-time range of what ClickHouse stores)",
            "to an archive: NDJSON.gz of envelopes (--out *.ndjson.gz) or Parquet (--out *.parquet), with a manifest (FILE.manifest.json):",
            "SHA-256, size, and per topic the events, token sums and cost the catalog gives them. Replay it with 'replay --file'.",
            "On a terminal a progress bar shows rate and time left; otherwise a progress line every 10 s."
        })
public final class ArchiveCommand extends ServerCommand {
    @Mixin
    private KafkaClientOptions kafka;

    @Mixin
    private PricingOptions pricing;

    @Mixin
    private OutputOptions output;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "The archive to write: *.ndjson.gz or *.parquet; required.")
    private Path out;

    @Option(
            names = "--topics",
            split = ",",
            paramLabel = "TOPIC",
            description = "Topics to archive (default: all six).")
    private List<String> topics = new ArrayList<>();

    @Option(
            names = "--offsets",
            split = ",",
            paramLabel = "P:FROM-TO",
            description = "Offsets per partition, TO exclusive (one topic only).")
    private List<String> offsets = new ArrayList<>();

    @Option(
            names = "--source",
            defaultValue = "kafka",
            paramLabel = "kafka|clickhouse",
            description =
                    "Read the topics (default), or the rows ClickHouse stores, turned back into events of the topics' contract.")
    private String source;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            description =
                    "Records written at or after this time; with --source clickhouse, events at or after it (required).")
    private String from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            description = "Records written before this time; with --source clickhouse, events before it (required).")
    private String to;

    @Option(
            names = "--max-event-bytes",
            defaultValue = "1048576",
            description = "Larger records are not archived (default: ${DEFAULT-VALUE}).")
    private int maxEventBytes;

    @Override
    public Integer call() {
        if (out == null) {
            throw new ParameterException(
                    spec.commandLine(), "archive needs --out FILE.ndjson.gz or FILE.parquet (or: archive verify FILE)");
        }
        Archive.Source origin = switch (source.strip()) {
            case "kafka" -> Archive.Source.KAFKA;
            case "clickhouse" -> Archive.Source.CLICKHOUSE;
            default ->
                throw new ParameterException(
                        spec.commandLine(), "--source is kafka or clickhouse, not '" + source + "'");
        };
        Settings settings = settings();
        Archive.Request request = request(origin, settings);
        PricingOptions.Chosen catalog = pricing.choose(settings);
        ProgressBar progress = new ProgressBar(
                err(),
                Terminals.interactive(),
                Terminals.ansi(Terminals.environment(spec)),
                true,
                "archive",
                origin == Archive.Source.KAFKA ? "records" : "rows");
        Archive.Manifest manifest = origin == Archive.Source.KAFKA
                ? Archive.write(
                        request,
                        settings.kafka(kafka.clientProperties()),
                        catalog.catalog().pricer(),
                        catalog.catalog().version(),
                        progress)
                : Archive.write(
                        request,
                        services().clickHouse(),
                        catalog.catalog().pricer(),
                        catalog.catalog().version(),
                        progress);
        Table table = Table.withColumns(
                "topic", "events", "priced", "not_archived", "input_tokens", "output_tokens", "cost_usd");
        manifest.topics()
                .forEach((topic, t) -> table.row(
                        topic,
                        t.events(),
                        t.priced(),
                        t.notArchived(),
                        t.inputTokens(),
                        t.outputTokens(),
                        t.costUsd().toPlainString()));
        output.render(table, out());
        err().println("archived " + manifest.events() + " events to " + out + " (sha256 " + manifest.sha256()
                + "), manifest " + Archive.manifestOf(out));
        err().flush();
        return ExitCode.OK;
    }

    private Archive.Request request(Archive.Source origin, Settings settings) {
        Instant now = Instant.now();
        if (origin == Archive.Source.CLICKHOUSE && (from == null || to == null || !offsets.isEmpty())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--source clickhouse needs --from and --to (event times) and takes no --offsets");
        }
        try {
            return new Archive.Request(
                    origin,
                    chosenTopics(),
                    settings.topicNames(),
                    PartitionOffsets.parse(spec, offsets),
                    from == null ? null : Times.instant(spec, "--from", from, now, false),
                    to == null ? null : Times.instant(spec, "--to", to, now, false),
                    out,
                    maxEventBytes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private List<Topic> chosenTopics() {
        if (topics.isEmpty()) {
            return List.of(Topic.values());
        }
        List<Topic> chosen = new ArrayList<>();
        for (String name : topics) {
            chosen.add(Topic.byName(name.strip())
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown topic '" + name + "'")));
        }
        return chosen;
    }
}
