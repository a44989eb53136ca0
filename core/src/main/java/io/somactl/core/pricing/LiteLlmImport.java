package io.somactl.core.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns LiteLLM's model price map ({@code model_prices_and_context_window.json}, MIT licensed) into
 * catalog periods. Per-token prices become per-1M prices exactly: each number is read as a
 * {@link BigDecimal} from the JSON text and its decimal point moved six places, never through a
 * {@code double}.
 *
 * <p>What it reads, per model: {@code input_cost_per_token} (input), {@code output_cost_per_token}
 * (output), {@code cache_read_input_token_cost} (cached_input_read), {@code
 * cache_creation_input_token_cost} (cached_input_write), {@code output_cost_per_reasoning_token}
 * (reasoning), and each of them suffixed {@code _above_<N>k_tokens}, a tier above N thousand context
 * tokens. As LiteLLM itself does, a tier component the map does not give is the base price of that
 * component. The usage convention follows {@code litellm_provider} where somactl knows the provider.
 * Every other price field (batch, priority, flex, audio, image, 1-hour cache writes...) is reported,
 * not guessed; fields that are not prices (limits, capabilities) are ignored.
 */
public final class LiteLlmImport {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** LiteLLM field to catalog key, in the catalog's order. */
    private static final Map<String, String> PRICES = orderedPrices();

    private static final Pattern TIER = Pattern.compile(
            "^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost"
                    + "|output_cost_per_reasoning_token)_above_(\\d+)(k?)_tokens$");
    /** litellm_provider values whose usage objects follow a convention somactl knows. */
    private static final Map<String, UsageConvention> CONVENTIONS = Map.ofEntries(
            Map.entry("openai", UsageConvention.OPENAI),
            Map.entry("text-completion-openai", UsageConvention.OPENAI),
            Map.entry("azure", UsageConvention.OPENAI),
            Map.entry("groq", UsageConvention.OPENAI),
            Map.entry("deepseek", UsageConvention.OPENAI),
            Map.entry("mistral", UsageConvention.OPENAI),
            Map.entry("anthropic", UsageConvention.ANTHROPIC),
            Map.entry("gemini", UsageConvention.GEMINI),
            Map.entry("vertex_ai-language-models", UsageConvention.GEMINI));

    private LiteLlmImport() {}

    /**
     * One model to import: its key in the map and the id to give it in the catalog.
     *
     * @param key the map's key, e.g. {@code groq/llama-3.3-70b-versatile}
     * @param id the catalog's model id (what producers put in {@code model_id}), e.g. {@code llama-3.3-70b-versatile}
     */
    public record Selection(String key, String id) {
        public Selection {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(id, "id");
        }

        /** {@code KEY} or {@code KEY=ID}. */
        public static Selection parse(String text) {
            int eq = text.indexOf('=');
            return eq < 0 ? new Selection(text, text) : new Selection(text.substring(0, eq), text.substring(eq + 1));
        }
    }

    /**
     * What an import produced.
     *
     * @param yaml the catalog text (valid: it was parsed back)
     * @param catalog the catalog the text loads as
     * @param notes what was left out and why, for stderr
     */
    public record Result(String yaml, PricingCatalog catalog, List<String> notes) {}

    /**
     * Imports the selected models (all models with per-token input and output prices when
     * {@code selections} is empty).
     *
     * @throws PricingCatalogException the map is not valid JSON, or a selected model is missing or unusable
     */
    public static Result run(
            String json, String source, Instant effectiveFrom, List<Selection> selections, String version) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PricingCatalogException(
                    source, "(file): not LiteLLM's JSON price map: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PricingCatalogException(
                    source, List.of("(file): expected a JSON object of model names to prices"));
        }
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, TreeSet<String>> ignored = new TreeMap<>();
        Map<String, TreeSet<String>> unknownProvider = new TreeMap<>();
        Map<String, Model> models = new LinkedHashMap<>();
        int withoutTokenPrices = 0;

        List<Selection> chosen = selections;
        if (chosen.isEmpty()) {
            chosen = new ArrayList<>();
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.equals("sample_spec")) {
                    chosen.add(new Selection(key, key));
                }
            }
        }
        boolean explicit = !selections.isEmpty();
        for (Selection s : chosen) {
            JsonNode entry = root.get(s.key());
            if (entry == null) {
                problems.add("--model " + s.key() + ": no such model in the map");
                continue;
            }
            if (!entry.isObject()
                    || !isNumber(entry.get("input_cost_per_token"))
                    || !isNumber(entry.get("output_cost_per_token"))) {
                if (explicit) {
                    problems.add("--model " + s.key() + ": the map gives it no per-token input and output prices");
                } else {
                    withoutTokenPrices++;
                }
                continue;
            }
            if (models.containsKey(s.id())) {
                problems.add("--model " + s.key() + ": model id '" + s.id() + "' is imported twice");
                continue;
            }
            String refused = null;
            Map<String, BigDecimal> base = new LinkedHashMap<>();
            Map<Long, Map<String, BigDecimal>> tiers = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                String catalogKey = PRICES.get(name);
                Matcher tier = TIER.matcher(name);
                if (catalogKey != null || tier.matches()) {
                    if (!isNumber(field.getValue())) {
                        refused = name + " is not a number";
                        break;
                    }
                    BigDecimal perMillion = perMillion(field.getValue());
                    String why = unusable(perMillion);
                    if (why != null) {
                        refused = name + " " + field.getValue().asText() + " per token is " + perMillion.toPlainString()
                                + " per 1M tokens: " + why;
                        break;
                    }
                    if (catalogKey != null) {
                        base.put(catalogKey, perMillion);
                    } else {
                        long above =
                                Long.parseLong(tier.group(2)) * (tier.group(3).isEmpty() ? 1 : 1000);
                        tiers.computeIfAbsent(above, a -> new LinkedHashMap<>())
                                .put(PRICES.get(tier.group(1)), perMillion);
                    }
                } else if (name.contains("cost") || name.contains("pric")) {
                    ignored.computeIfAbsent(name, n -> new TreeSet<>()).add(s.key());
                }
            }
            if (refused != null) {
                if (explicit) {
                    problems.add("--model " + s.key() + ": " + refused);
                } else {
                    notes.add("skipped " + s.key() + ": " + refused);
                }
                continue;
            }
            String provider = entry.path("litellm_provider").asText("");
            UsageConvention convention = CONVENTIONS.get(provider);
            if (convention == null) {
                unknownProvider
                        .computeIfAbsent(provider.isEmpty() ? "(none)" : provider, p -> new TreeSet<>())
                        .add(s.id());
            }
            models.put(s.id(), new Model(s.key(), convention, base, completeTiers(base, tiers)));
        }
        if (!problems.isEmpty()) {
            throw new PricingCatalogException(source, problems);
        }
        if (withoutTokenPrices > 0) {
            notes.add("skipped " + withoutTokenPrices + " entries without per-token input and output prices"
                    + " (images, audio, search, rerank...)");
        }
        ignored.forEach((field, keys) -> notes.add("not imported (not a per-token price of the catalog): " + field
                + " in " + keys.size() + " model" + (keys.size() == 1 ? "" : "s") + " (e.g. " + keys.first() + ")"));
        unknownProvider.forEach((provider, ids) -> notes.add("usage convention of provider '" + provider
                + "' is not known to somactl: " + ids.size() + " model" + (ids.size() == 1 ? "" : "s") + " (e.g. "
                + ids.first() + ") written without usage_convention (disjoint); set it if the provider counts"
                + " cached or reasoning tokens inside input or output"));
        String yaml = write(source, version, effectiveFrom, models);
        PricingCatalog catalog = PricingCatalog.parse(yaml, "imported from " + source);
        return new Result(yaml, catalog, List.copyOf(notes));
    }

    private record Model(
            String key,
            UsageConvention convention,
            Map<String, BigDecimal> base,
            Map<Long, Map<String, BigDecimal>> tiers) {}

    /** A tier's component the map does not give is the base price of that component (LiteLLM's rule). */
    private static Map<Long, Map<String, BigDecimal>> completeTiers(
            Map<String, BigDecimal> base, Map<Long, Map<String, BigDecimal>> tiers) {
        Map<Long, Map<String, BigDecimal>> complete = new TreeMap<>();
        tiers.forEach((above, prices) -> {
            Map<String, BigDecimal> tier = new LinkedHashMap<>();
            for (String key : PRICES.values()) {
                BigDecimal price = prices.containsKey(key) ? prices.get(key) : base.get(key);
                if (price != null) {
                    tier.put(key, price);
                }
            }
            complete.put(above, tier);
        });
        return complete;
    }

    private static boolean isNumber(JsonNode value) {
        return value != null && value.isNumber() && (value.isBigDecimal() || value.isIntegralNumber());
    }

    private static BigDecimal perMillion(JsonNode value) {
        BigDecimal perToken = value.isIntegralNumber() ? new BigDecimal(value.bigIntegerValue()) : value.decimalValue();
        BigDecimal perMillion = perToken.movePointRight(6).stripTrailingZeros();
        return perMillion.scale() < 0 ? perMillion.setScale(0) : perMillion;
    }

    private static String unusable(BigDecimal perMillion) {
        if (perMillion.signum() < 0) {
            return "negative";
        }
        if (perMillion.scale() > CatalogParser.MAX_PRICE_DECIMALS) {
            return "more than " + CatalogParser.MAX_PRICE_DECIMALS
                    + " decimal places (a binary-float artefact of the map),"
                    + " not representable exactly in a catalog";
        }
        return null;
    }

    private static String write(String source, String version, Instant effectiveFrom, Map<String, Model> models) {
        StringBuilder y = new StringBuilder();
        y.append("# Imported by somactl cost import --from litellm from ")
                .append(source)
                .append(".\n");
        y.append("# source: LiteLLM's model price map (model_prices_and_context_window.json, MIT), its per-token\n");
        y.append("# prices converted exactly to USD per 1M tokens. Review before billing with it.\n");
        y.append("version: ").append(quote(version)).append('\n');
        y.append("currency: USD\n");
        y.append("models:");
        if (models.isEmpty()) {
            y.append(" {}\n");
            return y.toString();
        }
        y.append('\n');
        models.forEach((id, m) -> {
            if (!m.key().equals(id)) {
                y.append("  # LiteLLM: ").append(m.key().replace('\n', ' ')).append('\n');
            }
            y.append("  ").append(quote(id)).append(":\n");
            y.append("    - effective_from: ")
                    .append(quote(effectiveFrom.toString()))
                    .append('\n');
            if (m.convention() != null) {
                y.append("      usage_convention: ")
                        .append(m.convention().key())
                        .append('\n');
            }
            for (String k : PRICES.values()) {
                BigDecimal v = m.base().get(k);
                if (v != null) {
                    y.append("      ")
                            .append(k)
                            .append(": ")
                            .append(v.toPlainString())
                            .append('\n');
                }
            }
            if (!m.tiers().isEmpty()) {
                y.append("      tiers:\n");
                m.tiers().forEach((above, prices) -> {
                    y.append("        - above_context_tokens: ").append(above).append('\n');
                    prices.forEach((k, v) -> y.append("          ")
                            .append(k)
                            .append(": ")
                            .append(v.toPlainString())
                            .append('\n'));
                });
            }
        });
        return y.toString();
    }

    /** A YAML double-quoted scalar (JSON escapes are valid there). */
    static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static Map<String, String> orderedPrices() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("input_cost_per_token", TokenClass.INPUT.key());
        m.put("cache_read_input_token_cost", TokenClass.CACHED_INPUT_READ.key());
        m.put("cache_creation_input_token_cost", TokenClass.CACHED_INPUT_WRITE.key());
        m.put("output_cost_per_token", TokenClass.OUTPUT.key());
        m.put("output_cost_per_reasoning_token", TokenClass.REASONING.key());
        return m;
    }
}
