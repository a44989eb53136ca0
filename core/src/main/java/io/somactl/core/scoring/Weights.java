package io.somactl.core.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.somactl.core.SomactlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much each component counts in the combined score. Weights are relative (only their ratios
 * matter) and non-negative. A key is a group ({@code quality}, {@code cost}, {@code latency},
 * {@code reliability}): the group's weight is shared equally by its components; or a component
 * ({@code fallback_rate}): its own weight, which wins over its group's share. Groups and components
 * not given keep the defaults, so {@code --weight cost=0} simply stops cost from counting.
 * Default: quality 0.4, cost 0.2, latency 0.2, reliability 0.2.
 */
public final class Weights {
    private static final Map<String, Double> DEFAULT_GROUPS =
            Map.of("quality", 0.4, "cost", 0.2, "latency", 0.2, "reliability", 0.2);
    private final Map<Component, Double> weights;
    private final Map<String, Double> given;

    private Weights(Map<Component, Double> weights, Map<String, Double> given) {
        this.weights = Collections.unmodifiableMap(weights);
        this.given = Collections.unmodifiableMap(given);
    }

    public static Weights defaults() {
        return of(Map.of());
    }

    /**
     * The defaults changed by {@code settings} (group or component key to weight), applied groups first.
     *
     * @throws IllegalArgumentException for an unknown key, a negative or non-finite weight, or all weights zero
     */
    public static Weights of(Map<String, Double> settings) {
        Map<String, Double> groups = new LinkedHashMap<>();
        for (Component.Group g : Component.Group.values()) {
            groups.put(g.key(), DEFAULT_GROUPS.get(g.key()));
        }
        Map<Component, Double> components = new EnumMap<>(Component.class);
        for (Map.Entry<String, Double> e : settings.entrySet()) {
            double w = e.getValue();
            if (!Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException(
                        "weight " + e.getKey() + "=" + e.getValue() + ": weights are numbers >= 0");
            }
            if (groups.containsKey(e.getKey())) {
                groups.put(e.getKey(), w);
            } else {
                components.put(Component.parse(e.getKey()), w);
            }
        }
        Map<Component, Double> weights = new EnumMap<>(Component.class);
        for (Component.Group g : Component.Group.values()) {
            List<Component> members = Component.of(g);
            for (Component c : members) {
                weights.put(c, components.getOrDefault(c, groups.get(g.key()) / members.size()));
            }
        }
        if (weights.values().stream().allMatch(w -> w == 0)) {
            throw new IllegalArgumentException("every weight is 0: nothing would count");
        }
        return new Weights(weights, new LinkedHashMap<>(settings));
    }

    /** Parses {@code k=v} flags. */
    public static Map<String, Double> parseFlags(List<String> flags) {
        Map<String, Double> settings = new LinkedHashMap<>();
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--weight " + flag + ": expected KEY=WEIGHT, e.g. cost=0.5");
            }
            settings.put(
                    flag.substring(0, eq).strip(),
                    number(flag.substring(0, eq).strip(), flag.substring(eq + 1).strip()));
        }
        return settings;
    }

    /** Reads a YAML (or JSON) file of {@code key: weight} lines. */
    public static Map<String, Double> readFile(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new SomactlException("cannot read the weights file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SomactlException("weights file " + file + " must map keys to numbers, e.g. 'cost: 0.5'");
        }
        Map<String, Double> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw new SomactlException(
                        "weights file " + file + ": " + e.getKey() + " must be a number, got " + e.getValue());
            }
            settings.put(e.getKey(), e.getValue().doubleValue());
        }
        return settings;
    }

    private static double number(String key, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--weight " + key + "=" + text + ": not a number");
        }
    }

    public double of(Component component) {
        return weights.get(component);
    }

    /** Every component's weight, in component order. */
    public Map<Component, Double> all() {
        return weights;
    }

    /** The settings these weights were made from (empty: defaults). */
    public Map<String, Double> given() {
        return given;
    }
}
