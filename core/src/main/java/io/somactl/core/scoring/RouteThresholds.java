package io.somactl.core.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.somactl.core.SomactlException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@code route} asks of a model per task complexity: the lowest combined score it accepts, and
 * the request size it prices candidates with. From a YAML file, any part left out keeping the default:
 *
 * <pre>
 * low:    {min_score: 0.0, input_tokens: 500,  output_tokens: 200}
 * medium: {min_score: 0.5, input_tokens: 2000, output_tokens: 500}
 * high:   {min_score: 0.8, input_tokens: 8000, output_tokens: 1000}
 * </pre>
 */
public record RouteThresholds(Map<Complexity, Level> levels) {
    public enum Complexity {
        LOW,
        MEDIUM,
        HIGH;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Complexity parse(String text) {
            for (Complexity c : values()) {
                if (c.key().equals(text.strip().toLowerCase(java.util.Locale.ROOT))) {
                    return c;
                }
            }
            throw new IllegalArgumentException("--complexity: '" + text + "' is not low, medium or high");
        }
    }

    public record Level(BigDecimal minScore, long inputTokens, long outputTokens) {
        public Level {
            if (minScore.signum() < 0
                    || minScore.compareTo(BigDecimal.ONE) > 0
                    || inputTokens < 0
                    || outputTokens < 0) {
                throw new IllegalArgumentException("min_score is between 0 and 1 and token counts are >= 0");
            }
        }
    }

    public Level of(Complexity complexity) {
        return levels.get(complexity);
    }

    public static RouteThresholds defaults() {
        Map<Complexity, Level> levels = new EnumMap<>(Complexity.class);
        levels.put(Complexity.LOW, new Level(new BigDecimal("0.0"), 500, 200));
        levels.put(Complexity.MEDIUM, new Level(new BigDecimal("0.5"), 2000, 500));
        levels.put(Complexity.HIGH, new Level(new BigDecimal("0.8"), 8000, 1000));
        return new RouteThresholds(levels);
    }

    public static RouteThresholds load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new SomactlException("cannot read the thresholds file " + file + ": " + e.getMessage(), e);
        }
        Map<Complexity, Level> levels = new EnumMap<>(defaults().levels());
        if (root != null && !root.isObject()) {
            throw new SomactlException("thresholds file " + file + " must map low, medium, high to their settings");
        }
        if (root != null) {
            for (var it = root.fields(); it.hasNext(); ) {
                var e = it.next();
                Complexity c;
                try {
                    c = Complexity.parse(e.getKey());
                } catch (IllegalArgumentException bad) {
                    throw new SomactlException(
                            "thresholds file " + file + ": unknown level '" + e.getKey() + "' (low, medium, high)");
                }
                Level d = levels.get(c);
                JsonNode v = e.getValue();
                try {
                    levels.put(
                            c,
                            new Level(
                                    v.has("min_score") ? v.get("min_score").decimalValue() : d.minScore(),
                                    v.has("input_tokens")
                                            ? v.get("input_tokens").asLong()
                                            : d.inputTokens(),
                                    v.has("output_tokens")
                                            ? v.get("output_tokens").asLong()
                                            : d.outputTokens()));
                } catch (IllegalArgumentException bad) {
                    throw new SomactlException("thresholds file " + file + ", " + e.getKey() + ": " + bad.getMessage());
                }
            }
        }
        return new RouteThresholds(levels);
    }
}
