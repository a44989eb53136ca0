package io.somactl.core.text;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The one strict reader of somactl's YAML files (config and secrets, budgets, pricing catalogs): a key
 * twice in one mapping is an error (not last-wins), decimals stay exact, and an unknown key is named
 * with the closest known one ({@code unknown key 'limt' (did you mean 'limit'?); known: action, limit, …}).
 */
public final class StrictYaml {
    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private StrictYaml() {}

    /** The reader; its trees keep decimals exactly as written. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The document's tree (null or a missing node for an empty document). @throws IOException on bad YAML or a duplicate key */
    public static JsonNode read(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    /** The problem with {@code key}, if it is not one of {@code known}: the key quoted, a suggestion, the known keys. */
    public static Optional<String> unknownKey(String key, Collection<String> known) {
        if (known.contains(key)) {
            return Optional.empty();
        }
        String suggestion = closest(key, known);
        return Optional.of("unknown key " + Printable.quote(key)
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                + "; known: " + String.join(", ", new TreeSet<>(known)));
    }

    /** The known key within two edits of {@code name} (the nearest, first on ties), or null. */
    public static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int distance = levenshtein(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
