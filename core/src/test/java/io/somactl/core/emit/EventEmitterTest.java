package io.somactl.core.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.EventValidator;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TelemetryGenerator;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.fixtures.TraceFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emitter without a server: dry runs, and strict mode refusing before it would connect. */
class EventEmitterTest {
    private static final EventSink.Opener MUST_NOT_CONNECT = () -> {
        throw new AssertionError("no server may be contacted here");
    };

    private static List<String> generated(int events) {
        return new TelemetryGenerator(TraceFixture.loadDefault(), 99)
                .events(events)
                .map(TopicEvent::envelope)
                .toList();
    }

    private static EmitInput stdin(String text) {
        return EmitInput.stream(EmitInput.STDIN, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static final class Collected implements EmitListener {
        final List<InvalidLine> invalid = new ArrayList<>();

        @Override
        public void invalid(InvalidLine line) {
            invalid.add(line);
        }
    }

    @Test
    void aDryRunCountsValidEventsPerTopicAndReportsInvalidLinesInInputOrder(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(generated(5_000));
        lines.add(10, "not json");
        lines.add(3_000, "");
        lines.add(4_500, "{\"topic\":\"slm.metrics\",\"event\":{\"tenant\":\"acme\"}}");
        Path file = dir.resolve("events.ndjson");
        Files.write(file, lines);
        Collected listener = new Collected();
        EmitReport report = new EventEmitter(
                        EventValidator.loadBundled(), new EventEmitter.Options(null, 1 << 20, false, true))
                .emit(List.of(EmitInput.file(file)), MUST_NOT_CONNECT, listener);

        assertEquals(EmitReport.Outcome.VALIDATED, report.outcome());
        assertEquals(5_003, report.lines(), "every line is counted, the blank one too");
        assertEquals(5_000, report.valid());
        assertEquals(0, report.sent(), "a dry run sends nothing");
        assertEquals(
                List.of(file + ":11", file + ":4501"),
                listener.invalid.stream().map(l -> l.source() + ":" + l.line()).toList(),
                "invalid lines are reported with their line numbers, in order; the blank line is not invalid");
        assertEquals(1, report.invalidWithoutTopic());
        assertEquals(1, report.topics().get(Topic.SLM_METRICS).invalid());
        long slm = lines.stream()
                .filter(l -> l.startsWith("{\"topic\":\"slm.metrics\",\"event\":{\"event_id\""))
                .count();
        assertEquals(slm, report.topics().get(Topic.SLM_METRICS).valid());
    }

    @Test
    void strictModeWithAnInvalidLineRefusesWithoutEverConnecting() {
        List<String> lines = new ArrayList<>(generated(3_000));
        lines.add(2_500, "{\"topic\":\"tool.metrics\",\"event\":{}}");
        Collected listener = new Collected();
        EmitReport report = new EventEmitter(
                        EventValidator.loadBundled(), new EventEmitter.Options(null, 1 << 20, true, false))
                .emit(List.of(stdin(String.join("\n", lines))), MUST_NOT_CONNECT, listener);
        assertEquals(EmitReport.Outcome.REFUSED, report.outcome());
        assertEquals(0, report.sent());
        assertEquals(1, report.invalid());
        assertEquals(
                EmitInput.STDIN + ":2501",
                listener.invalid.get(0).source() + ":" + listener.invalid.get(0).line());
        assertTrue(
                listener.invalid
                        .get(0)
                        .toString()
                        .startsWith("<stdin>:2501: tool.metrics event: $.attachment_count: is required"),
                listener.invalid.get(0).toString());
    }

    @Test
    void aHugeLineIsInvalidAndTheRestIsStillRead() {
        List<String> lines = generated(3);
        String huge = "{\"topic\":\"slm.metrics\",\"event\":{\"x\":\"" + "y".repeat(2_000_000) + "\"}}";
        String input = lines.get(0) + "\n" + huge + "\n" + lines.get(1);
        Collected listener = new Collected();
        EmitReport report = new EventEmitter(
                        EventValidator.loadBundled(),
                        new EventEmitter.Options(null, EventEmitter.DEFAULT_MAX_LINE_BYTES, false, true))
                .emit(List.of(stdin(input)), MUST_NOT_CONNECT, listener);
        assertEquals(2, report.valid());
        assertEquals(
                "<stdin>:2: line is " + huge.length()
                        + " bytes, over the limit of 1048576 bytes (--max-line-bytes); not read",
                listener.invalid.get(0).toString());
    }

    @Test
    void manyInvalidLinesAcrossBatchesAreAllReportedInOrder() {
        String input = "x\n".repeat(3 * EventEmitter.BATCH_LINES + 5);
        Collected listener = new Collected();
        EmitReport report = new EventEmitter(
                        EventValidator.loadBundled(), new EventEmitter.Options(null, 100, false, true), 4)
                .emit(List.of(stdin(input)), MUST_NOT_CONNECT, listener);
        assertEquals(3 * EventEmitter.BATCH_LINES + 5, report.invalid());
        List<Long> numbers = listener.invalid.stream().map(InvalidLine::line).toList();
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(i + 1, numbers.get(i), "reports come in input order whatever worker validated them");
        }
    }

    @Test
    void bareEventsNeedTheirTopic() {
        String bare = generated(50).stream()
                .filter(l -> l.startsWith("{\"topic\":\"slm.metrics\""))
                .map(l -> l.substring("{\"topic\":\"slm.metrics\",\"event\":".length(), l.length() - 1))
                .collect(Collectors.joining("\n"));
        EmitReport without = new EventEmitter(
                        EventValidator.loadBundled(), new EventEmitter.Options(null, 1 << 20, false, true))
                .emit(List.of(stdin(bare)), MUST_NOT_CONNECT, EmitListener.NONE);
        EmitReport with = new EventEmitter(
                        EventValidator.loadBundled(), new EventEmitter.Options(Topic.SLM_METRICS, 1 << 20, false, true))
                .emit(List.of(stdin(bare)), MUST_NOT_CONNECT, EmitListener.NONE);
        assertEquals(0, without.valid());
        assertEquals(with.lines(), with.topics().get(Topic.SLM_METRICS).valid());
    }
}
