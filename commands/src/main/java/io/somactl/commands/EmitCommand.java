package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.KafkaClientOptions;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.emit.EmitInput;
import io.somactl.core.emit.EmitListener;
import io.somactl.core.emit.EmitProgress;
import io.somactl.core.emit.EmitReport;
import io.somactl.core.emit.EventEmitter;
import io.somactl.core.emit.InvalidLine;
import io.somactl.core.emit.KafkaEventSink;
import io.somactl.core.events.EventValidator;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.text.Printable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "emit",
        description = {
            "Send telemetry events from NDJSON files or standard input to Kafka, validated against the event contract.",
            "Each line is an envelope {\"topic\":\"slm.metrics\",\"event\":{...}} or, with --topic, a bare event. Events go"
                    + " to their topic keyed by tenant (idempotent producer, acks=all); invalid lines are reported on stderr as"
                    + " FILE:LINE: reason and not sent. --strict validates everything first and sends nothing if a line is"
                    + " invalid (exit 4). Exit 4 also when no line was valid, so nothing could be sent."
        })
public final class EmitCommand extends ServerCommand {
    private static final String STDIN_ARGUMENT = "-";

    @Mixin
    private KafkaClientOptions kafka;

    @Mixin
    private OutputOptions output;

    @Parameters(
            paramLabel = "FILE",
            arity = "0..*",
            description = "NDJSON files, sent in order; '-' or none reads standard input.")
    private List<String> files = new ArrayList<>();

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            completionCandidates = TopicCandidates.class,
            converter = TopicConverter.class,
            description = "Topic of bare events (one event per line, no envelope): ${COMPLETION-CANDIDATES}.")
    private Topic topic;

    @Option(
            names = "--strict",
            description = "Validate all the input first; send nothing if any line is invalid (exit 4).")
    private boolean strict;

    @Option(names = "--dry-run", description = "Validate and report only; send nothing (no server needed).")
    private boolean dryRun;

    @Option(
            names = "--max-line-bytes",
            paramLabel = "BYTES",
            defaultValue = "" + EventEmitter.DEFAULT_MAX_LINE_BYTES,
            description = "Longer lines are invalid (default: ${DEFAULT-VALUE}, 1 MiB).")
    private int maxLineBytes;

    @Option(
            names = "--max-errors",
            paramLabel = "N",
            defaultValue = "20",
            description = "Invalid lines shown on stderr; the rest are only counted (default: ${DEFAULT-VALUE}).")
    private int maxErrors;

    @Override
    public Integer call() {
        List<EmitInput> inputs = inputs();
        if (maxLineBytes < 2) {
            throw new ParameterException(
                    spec.commandLine(), "--max-line-bytes must be at least 2, not " + maxLineBytes);
        }
        if (maxErrors < 0) {
            throw new ParameterException(spec.commandLine(), "--max-errors must be 0 or more, not " + maxErrors);
        }
        TopicNames names = settings().topicNames();
        Reporter reporter = new Reporter();
        EventEmitter emitter = new EventEmitter(
                EventValidator.loadBundled(), new EventEmitter.Options(topic, maxLineBytes, strict, dryRun));
        EmitReport report = emitter.emit(
                inputs,
                () -> KafkaEventSink.open(settings().kafka(kafka.clientProperties()), names, maxLineBytes),
                reporter);

        long invalid = report.invalid();
        if (invalid > reporter.shown) {
            err().printf("… and %,d more invalid lines%n", invalid - reporter.shown);
        }
        Table table = Table.withColumns("topic", "valid", "invalid", "sent");
        report.topics().forEach((t, c) -> table.row(names.of(t), c.valid(), c.invalid(), c.sent()));
        if (report.invalidWithoutTopic() > 0) {
            table.row(null, 0, report.invalidWithoutTopic(), 0);
        }
        output.render(table, out());
        switch (report.outcome()) {
            case REFUSED -> {
                err().printf("--strict: %,d invalid lines, so nothing was sent%n", invalid);
                err().flush();
                return ExitCode.INVALID_DATA;
            }
            case VALIDATED ->
                err().printf("dry run: %,d valid events, %,d invalid lines, nothing sent%n", report.valid(), invalid);
            case SENT -> {
                if (invalid > 0 && report.sent() == 0) {
                    err().printf("no valid events: all %,d lines were invalid, nothing was sent%n", invalid);
                    err().flush();
                    return ExitCode.INVALID_DATA;
                }
                if (invalid > 0) {
                    err().printf("%,d invalid lines were not sent%n", invalid);
                }
                if (report.sent() == 0) {
                    err().println("no events in the input: nothing was sent");
                }
                if (reporter.progressShown) {
                    double seconds = report.elapsed().toNanos() / 1e9;
                    err().printf(
                                    "sent %,d events in %.1f s (%,.0f events/s)%n",
                                    report.sent(), seconds, report.sent() / Math.max(seconds, 1e-9));
                }
            }
        }
        err().flush();
        return report.outcome() == EmitReport.Outcome.VALIDATED && invalid > 0 && report.valid() == 0
                ? ExitCode.INVALID_DATA
                : ExitCode.OK;
    }

    private List<EmitInput> inputs() {
        List<String> given = files.isEmpty() ? List.of(STDIN_ARGUMENT) : files;
        if (given.stream().filter(STDIN_ARGUMENT::equals).count() > 1) {
            throw new ParameterException(spec.commandLine(), "'-' (standard input) can be given only once");
        }
        List<EmitInput> inputs = new ArrayList<>();
        for (String name : given) {
            if (STDIN_ARGUMENT.equals(name)) {
                inputs.add(EmitInput.stream(EmitInput.STDIN, System.in));
                continue;
            }
            Path file = Path.of(name);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "cannot read " + name + (Files.exists(file) ? ": not a readable file" : ": no such file"));
            }
            inputs.add(EmitInput.file(file));
        }
        return inputs;
    }

    /** Shows the first --max-errors invalid lines, and progress once a run takes a while. */
    private final class Reporter implements EmitListener {
        long shown;
        boolean progressShown;

        @Override
        public void invalid(InvalidLine line) {
            if (shown < maxErrors) {
                shown++;
                err().println(line);
            }
        }

        @Override
        public void progress(EmitProgress progress) {
            progressShown = true;
            double seconds = progress.elapsed().toNanos() / 1e9;
            err().printf(
                            "%s: %,d lines read, %,d sent, %,d invalid (%.0f s, %,.0f lines/s)%n",
                            progress.phase(),
                            progress.lines(),
                            progress.acknowledged(),
                            progress.invalid(),
                            seconds,
                            progress.lines() / seconds);
            err().flush();
        }
    }

    /** Topic names for completion and --help. */
    public static final class TopicCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Topic.values()).map(Topic::topicName).iterator();
        }
    }

    /** {@code --topic slm.metrics} to {@link Topic#SLM_METRICS}. */
    public static final class TopicConverter implements ITypeConverter<Topic> {
        @Override
        public Topic convert(String value) {
            return Topic.byName(value)
                    .orElseThrow(() -> new TypeConversionException("unknown topic " + Printable.quote(value)
                            + ": must be one of " + String.join(", ", new TopicCandidates())));
        }
    }
}
