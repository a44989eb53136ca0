package io.somactl.core.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON text of a ranking: what {@code score models -o json} prints, what the Redis key holds
 * and what a router parses. Compact, keys in a fixed order, decimals written plain (never
 * exponents); normalized values and weights have 6 decimals.
 *
 * <pre>{"kind":"somactl.model-ranking","version":1,"scope":"global","dimension":"global","value":"",
 * "window":{"since":"…Z","until":"…Z"},"computed_at":"…Z","min_requests":100,"weights":{"success_rate":0.066667,…},
 * "ranking":[{"rank":1,"model":"…","score":0.812345,"requests":1234,
 *   "components":{"success_rate":{"raw":0.94,"normalized":1.0,"weight":0.1},…}}],
 * "insufficient_data":[{"model":"…","requests":12,"reason":"too little data: …"}]}</pre>
 */
public final class RankingJson {
    public static final String KIND = "somactl.model-ranking";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RankingJson() {}

    public static String write(Ranking ranking) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", KIND);
        root.put("version", 1);
        root.put("scope", ranking.scope());
        root.put("dimension", ranking.scopeDimension());
        root.put("value", ranking.scopeValue());
        ObjectNode window = root.putObject("window");
        window.put("since", ranking.since().toString());
        window.put("until", ranking.until().toString());
        root.put("computed_at", ranking.computedAt().toString());
        root.put("min_requests", ranking.minRequests());
        ObjectNode weights = root.putObject("weights");
        ranking.weights().all().forEach((c, w) -> weights.put(c.key(), six(w)));
        ArrayNode ranked = root.putArray("ranking");
        for (Ranking.Entry e : ranking.ranked()) {
            ObjectNode entry = ranked.addObject();
            entry.put("rank", e.rank());
            entry.put("model", e.model());
            entry.put("score", e.score());
            entry.put("requests", e.requests());
            ObjectNode components = entry.putObject("components");
            e.components().forEach((c, p) -> {
                ObjectNode part = components.putObject(c.key());
                part.put("raw", p.raw());
                part.put("normalized", six(p.normalized()));
                part.put("weight", six(p.weight()));
            });
        }
        ArrayNode unranked = root.putArray("insufficient_data");
        for (Ranking.Unranked u : ranking.unranked()) {
            ObjectNode entry = unranked.addObject();
            entry.put("model", u.model());
            entry.put("requests", u.requests());
            entry.put("reason", u.reason());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a ranking as JSON", e);
        }
    }

    static BigDecimal six(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN);
    }

    /** What a router needs from a stored ranking. */
    public record Summary(String scope, Instant since, Instant until, Instant computedAt, Map<String, Ranked> models) {}

    public record Ranked(int rank, BigDecimal score) {}

    /** @throws IllegalArgumentException when the text is not a ranking */
    public static Summary read(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a model ranking (not JSON): " + e.getMessage());
        }
        if (root == null || !KIND.equals(root.path("kind").asText())) {
            throw new IllegalArgumentException("not a model ranking (kind is not " + KIND + ")");
        }
        Map<String, Ranked> models = new LinkedHashMap<>();
        for (JsonNode e : root.path("ranking")) {
            models.put(
                    e.path("model").asText(),
                    new Ranked(e.path("rank").asInt(), e.path("score").decimalValue()));
        }
        return new Summary(
                root.path("scope").asText(),
                Instant.parse(root.path("window").path("since").asText()),
                Instant.parse(root.path("window").path("until").asText()),
                Instant.parse(root.path("computed_at").asText()),
                models);
    }
}
