package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.SomactlException;
import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.fixtures.TraceFixture;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "generate",
        description = {
            "Write realistic telemetry for all six topics as NDJSON envelopes, for 'somactl emit' (somactl generate | somactl emit).",
            "Token counts and arrival times come from the Azure LLM inference trace 2023 (Azure Public Dataset,"
                    + " CC BY 4.0; Patel et al., Splitwise, ISCA 2024); tenants, personas, models and outcomes are drawn"
                    + " with a fixed seed, so the same seed gives the same bytes."
        })
public final class GenerateCommand extends SomactlCommand {
    @Option(
            names = "--events",
            paramLabel = "N",
            description = "How many events (default: one pass over the trace, about 29,600). More than one pass"
                    + " replays the trace a whole day later each time.")
    private Long events;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            defaultValue = "" + TelemetryGenerator.DEFAULT_SEED,
            description = "Seed of the random choices (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(
            names = "--trace",
            paramLabel = "FILE",
            description = "Another copy of the trace CSV, plain or gzip-compressed (default: the copy somactl carries,"
                    + " AzureLLMInferenceTrace_conv.csv.gz).")
    private Path trace;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    private Path outFile;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() throws IOException {
        if (events != null && events < 0) {
            throw new ParameterException(spec.commandLine(), "--events must be 0 or more, not " + events);
        }
        TelemetryGenerator generator =
                new TelemetryGenerator(trace != null ? TraceFixture.load(trace) : TraceFixture.loadDefault(), seed);
        try (Stream<TopicEvent> stream = events == null ? generator.onePass() : generator.events(events)) {
            if (outFile == null) {
                long written = write(stream.iterator(), out());
                if (!output.forPeople()) { // standard output is the events: the report goes to stderr
                    output.render(report("-", written), err());
                }
                return ExitCode.OK;
            }
            long written;
            try (BufferedWriter writer = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
                written = write(stream.iterator(), writer);
            } catch (IOException e) {
                throw new SomactlException(
                        io.somactl.core.files.FileWriteException.of(outFile, e).getMessage(), e);
            }
            if (output.forPeople()) {
                err().printf("wrote %,d events to %s%n", written, outFile);
                err().flush();
            } else {
                output.render(report(outFile.toString(), written), out());
            }
            return ExitCode.OK;
        }
    }

    /** Fields: docs/output.md ({@code generate}). */
    private Table report(String file, long written) {
        return Table.withColumns("file", "events", "seed", "trace")
                .row(file, written, seed, trace == null ? "bundled" : trace.toString());
    }

    /** Writes envelope lines; stops quietly when standard output is closed (e.g. piped into head). */
    private long write(Iterator<TopicEvent> events, Writer writer) throws IOException {
        long written = 0;
        java.io.PrintWriter printer = writer instanceof java.io.PrintWriter p ? p : null;
        while (events.hasNext()) {
            writer.write(events.next().envelope());
            writer.write('\n');
            written++;
            if (printer != null && (written & 0xFFF) == 0 && printer.checkError()) {
                return written;
            }
        }
        writer.flush();
        return written;
    }
}
