package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate, and emit's checks that need no server (--dry-run, usage, --strict refusing before it connects). */
class GenerateCommandTest {
    @TempDir
    Path dir;

    private static Run run(String... args) {
        return Run.of(Map.of("HOME", "/nonexistent-home"), args);
    }

    @Test
    void generateWritesTheSameEnvelopesForTheSameSeed() {
        Run first = run("generate", "--events", "200");
        Run second = run("generate", "--events", "200", "--seed", "20231116");
        assertEquals(0, first.exitCode(), first.describe());
        assertEquals(200, first.out().lines().count(), "one envelope per line");
        assertTrue(
                first.out()
                        .lines()
                        .allMatch(l -> l.startsWith("{\"topic\":\"") && l.contains("\",\"event\":{\"event_id\":\"")),
                first.describe());
        assertEquals(first.out(), second.out(), "the default seed is 20231116 and a seed fixes the output");
        assertTrue(
                !first.out()
                        .equals(run("generate", "--events", "200", "--seed", "1")
                                .out()),
                "another seed, other events");
    }

    @Test
    void generateToAPathThatCannotBeWrittenSaysTheOperatingSystemsReason() throws Exception {
        Path underAFile = Files.writeString(dir.resolve("file"), "x").resolve("events.ndjson");
        Run run = run("generate", "--events", "1", "--out", underAFile.toString());
        assertEquals(1, run.exitCode(), run.describe());
        assertEquals(
                "error: cannot write " + underAFile + ": Not a directory",
                run.err().strip(),
                run.describe());
    }

    @Test
    void generateToAFileThenEmitDryRunFindsEveryLineValid() throws Exception {
        Path file = dir.resolve("events.ndjson");
        Run generate = run("generate", "--events", "5000", "--out", file.toString());
        assertEquals(0, generate.exitCode(), generate.describe());
        assertTrue(generate.err().contains("wrote 5,000 events to " + file), generate.describe());
        assertEquals(5_000, Files.readAllLines(file).size());
        Run check = run("emit", "--dry-run", file.toString(), "-o", "csv");
        assertEquals(0, check.exitCode(), check.describe());
        long valid = check.out()
                .lines()
                .skip(1)
                .mapToLong(l -> Long.parseLong(l.split(",")[1]))
                .sum();
        assertEquals(5_000, valid, check.describe());
        assertTrue(
                check.err().contains("dry run: 5,000 valid events, 0 invalid lines, nothing sent"), check.describe());
    }

    @Test
    void aMissingTraceIsAnErrorNamingThePath() {
        Path missing = dir.resolve("AzureLLMInferenceTrace_conv.csv");
        Run run = run("generate", "--trace", missing.toString());
        assertEquals(1, run.exitCode(), run.describe());
        assertTrue(
                run.err().contains("the Azure LLM inference trace is missing: expected it at " + missing),
                run.describe());
    }

    @Test
    void aNegativeEventCountIsAUsageError() {
        Run run = run("generate", "--events", "-1");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("--events must be 0 or more"), run.describe());
    }

    @Test
    void emitShowsAtMostMaxErrorsInvalidLinesThenCountsTheRest() throws Exception {
        Path file = dir.resolve("bad.ndjson");
        Files.write(file, java.util.Collections.nCopies(30, "{\"topic\":\"slm.metrics\",\"event\":{}}"));
        Run run = run("emit", "--dry-run", "--max-errors", "5", file.toString());
        assertEquals(4, run.exitCode(), "no line was valid, so nothing could be sent: invalid data\n" + run.describe());
        List<String> shown =
                run.err().lines().filter(l -> l.startsWith(file + ":")).toList();
        assertEquals(5, shown.size(), run.describe());
        assertTrue(
                shown.get(0).startsWith(file + ":1: slm.metrics event: $.deployment_mode: is required but missing"),
                run.describe());
        assertTrue(run.err().contains("… and 25 more invalid lines"), run.describe());
    }

    @Test
    void emitStrictRefusesInvalidInputBeforeContactingKafka() throws Exception {
        Path file = dir.resolve("mixed.ndjson");
        Files.write(file, List.of(run("generate", "--events", "1").out().strip(), "{oops"));
        Run run = run("emit", "--strict", file.toString(), "--bootstrap-server", "127.0.0.1:1", "--timeout", "1s");
        assertEquals(4, run.exitCode(), "invalid data, and no attempt to reach the (absent) broker\n" + run.describe());
        assertTrue(run.err().contains(file + ":2: $: not valid JSON"), run.describe());
        assertTrue(run.err().contains("--strict: 1 invalid lines, so nothing was sent"), run.describe());
    }

    @Test
    void emitUsageErrors() {
        Run topic = run("emit", "--topic", "slm.metric", "--dry-run");
        assertEquals(2, topic.exitCode(), topic.describe());
        assertTrue(topic.err().contains("unknown topic 'slm.metric': must be one of slm.metrics,"), topic.describe());
        Run missing = run("emit", "--dry-run", dir.resolve("nope.ndjson").toString());
        assertEquals(2, missing.exitCode(), missing.describe());
        assertTrue(missing.err().contains("nope.ndjson: no such file"), missing.describe());
        Run twice = run("emit", "--dry-run", "-", "-");
        assertEquals(2, twice.exitCode(), twice.describe());
    }
}
