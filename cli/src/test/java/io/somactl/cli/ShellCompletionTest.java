package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/** Tab in {@code somactl shell} offers the command tree's words. */
class ShellCompletionTest {

    private static List<String> complete(String line) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder()
                .dumb(true)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())
                .build()) {
            var completer = ShellCommand.completer(CompletionScripts.tree());
            DefaultParser parser = new DefaultParser();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .parser(parser)
                    .completer(completer)
                    .build();
            List<Candidate> candidates = new ArrayList<>();
            completer.complete(reader, parser.parse(line, line.length()), candidates);
            return candidates.stream().map(Candidate::value).toList();
        }
    }

    @Test
    void tabAfterAGroupOffersItsSubcommands() throws Exception {
        List<String> offered = complete("schema st");
        assertTrue(offered.contains("status"), "schema st<Tab> should offer status, offered " + offered);
    }

    @Test
    void tabAfterAnOptionOffersItsValues() throws Exception {
        List<String> offered =
                complete("spend --by ").stream().map(String::toLowerCase).toList();
        assertTrue(
                offered.containsAll(
                        List.of("tenant", "persona", "model")), // as bash offers them (any case is accepted)
                "spend --by <Tab> should offer tenant, persona and model, offered " + offered);
    }

    @Test
    void tabAfterADashOffersTheCommandsOptions() throws Exception {
        List<String> offered = complete("ingest --thr");
        assertTrue(offered.contains("--threads"), "ingest --thr<Tab> should offer --threads, offered " + offered);
    }

    @Test
    void tabAtTheStartOffersTheCommands() throws Exception {
        List<String> offered = complete("bud");
        assertTrue(offered.contains("budget"), "bud<Tab> should offer budget, offered " + offered);
    }

    private static java.util.Optional<LiveValues.Kind> kind(String line) {
        DefaultParser parser = new DefaultParser();
        var parsed = parser.parse(line, line.length());
        return CommandTreeCompleter.kind(CompletionScripts.tree().getCommandSpec(), parsed.words(), parsed.wordIndex());
    }

    @Test
    void aTenantPersonaModelTopicOrContextValueTakesLiveValues() {
        assertEquals(java.util.Optional.of(LiveValues.Kind.TENANTS), kind("budget show t_"));
        assertEquals(java.util.Optional.of(LiveValues.Kind.TENANTS), kind("budget check --tokens 5 --tenant "));
        assertEquals(java.util.Optional.of(LiveValues.Kind.PERSONAS), kind("budget check --tenant acme --persona "));
        assertEquals(java.util.Optional.of(LiveValues.Kind.MODELS), kind("cost estimate --model soma"));
        assertEquals(java.util.Optional.of(LiveValues.Kind.TOPICS), kind("emit --topic "));
        assertEquals(java.util.Optional.of(LiveValues.Kind.CONTEXTS), kind("spend --context "));
        assertEquals(java.util.Optional.of(LiveValues.Kind.CONTEXTS), kind("config use-context "));
        assertEquals(java.util.Optional.empty(), kind("budget show --"), "an option name is not a value");
        assertEquals(java.util.Optional.empty(), kind("budget show acme "), "budget show takes one tenant");
        assertEquals(java.util.Optional.empty(), kind("spend --by "));
    }

    @Test
    void liveValuesAreCachedForTheirTtlAndKeptWhenTheServerFails() {
        io.somactl.core.testing.SettableClock clock =
                new io.somactl.core.testing.SettableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        LiveValues live = new LiveValues(
                kind -> {
                    if (down.get()) {
                        throw new IllegalStateException("Redis did not answer");
                    }
                    return List.of("globex", "acme", "acme-" + fetches.incrementAndGet());
                },
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(5),
                clock);
        assertEquals(List.of("acme", "acme-1", "globex"), live.values(LiveValues.Kind.TENANTS), "sorted");
        clock.advance(java.time.Duration.ofSeconds(9));
        assertEquals(
                List.of("acme", "acme-1", "globex"), live.values(LiveValues.Kind.TENANTS), "cached within the TTL");
        clock.advance(java.time.Duration.ofSeconds(2));
        assertEquals(
                List.of("acme", "acme-2", "globex"), live.values(LiveValues.Kind.TENANTS), "fetched again after it");
        down.set(true);
        clock.advance(java.time.Duration.ofSeconds(11));
        assertEquals(
                List.of("acme", "acme-2", "globex"),
                live.values(LiveValues.Kind.TENANTS),
                "the last values while the server fails");
        assertEquals(List.of(), live.values(LiveValues.Kind.PERSONAS), "none when it never answered");
    }

    @Test
    void thePromptShowsTheSessionsContextElseTheCurrentOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws Exception {
        var invocation = new io.somactl.commands.support.Invocation(java.util.Map.of("HOME", home.toString()));
        assertEquals("somactl (default)> ", ShellCommand.prompt(invocation));
        java.nio.file.Files.createDirectories(home.resolve(".config/somactl"));
        java.nio.file.Files.writeString(
                home.resolve(".config/somactl/config.yaml"), "current-context: staging\ncontexts:\n  staging: {}\n");
        assertEquals("somactl (staging)> ", ShellCommand.prompt(invocation));
        invocation.useSessionContext("prod");
        assertEquals("somactl (prod)> ", ShellCommand.prompt(invocation));
    }

    @Test
    void aSlowServerDoesNotHoldUpTabAndItsAnswerServesTheNextTab() throws Exception {
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        LiveValues live = new LiveValues(
                kind -> {
                    try {
                        answer.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return List.of("acme");
                },
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofMillis(200),
                java.time.Clock.systemUTC());
        long started = System.nanoTime();
        assertEquals(List.of(), live.values(LiveValues.Kind.TENANTS), "nothing known yet");
        assertTrue(
                System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(2),
                "Tab waited at most about the wait");
        answer.countDown();
        Thread.sleep(100);
        assertEquals(List.of("acme"), live.values(LiveValues.Kind.TENANTS), "the late answer serves the next Tab");
    }
}
