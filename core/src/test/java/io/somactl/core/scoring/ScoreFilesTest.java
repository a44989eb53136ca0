package io.somactl.core.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.SomactlException;
import io.somactl.core.scoring.RouteThresholds.Complexity;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weights and thresholds files: what they set, what they keep, and the one-line errors. */
class ScoreFilesTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = Files.createTempFile(dir, "f", ".yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aWeightsFileSetsGroupsAndComponents() throws Exception {
        Map<String, Double> settings = Weights.readFile(file("quality: 1\ncost: 0\nfallback_rate: 2.5\n"));
        assertEquals(Map.of("quality", 1.0, "cost", 0.0, "fallback_rate", 2.5), settings);
        Weights w = Weights.of(settings);
        assertEquals(0.0, w.of(Component.COST_PER_REQUEST), 1e-12);
        assertEquals(2.5, w.of(Component.FALLBACK_RATE), 1e-12);
        assertEquals(1.0 / 6, w.of(Component.WER), 1e-12);
        assertEquals(0.2 / 5, w.of(Component.TTFT_MS), 1e-12, "latency keeps its default");
    }

    @Test
    void aWeightsFileThatIsNotAMapOfNumbersIsRefusedByName() throws Exception {
        Path bad = file("cost: cheap\n");
        SomactlException e = assertThrows(SomactlException.class, () -> Weights.readFile(bad));
        assertTrue(e.getMessage().contains("cost must be a number"), e.getMessage());
        assertThrows(SomactlException.class, () -> Weights.readFile(dir.resolve("missing.yaml")));
    }

    @Test
    void aThresholdsFileChangesOnlyWhatItNames() throws Exception {
        RouteThresholds t = RouteThresholds.load(file("high: {min_score: 0.9}\nlow:\n  input_tokens: 100\n"));
        assertEquals(0, new BigDecimal("0.9").compareTo(t.of(Complexity.HIGH).minScore()));
        assertEquals(8000, t.of(Complexity.HIGH).inputTokens(), "kept");
        assertEquals(100, t.of(Complexity.LOW).inputTokens());
        assertEquals(RouteThresholds.defaults().of(Complexity.MEDIUM), t.of(Complexity.MEDIUM));
        SomactlException e =
                assertThrows(SomactlException.class, () -> RouteThresholds.load(file("extreme: {min_score: 1}\n")));
        assertTrue(e.getMessage().contains("unknown level 'extreme'"), e.getMessage());
        assertThrows(SomactlException.class, () -> RouteThresholds.load(file("high: {min_score: 1.5}\n")));
    }
}
