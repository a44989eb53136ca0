package io.somactl.core.pricing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates a catalog document, collecting every problem with the place it refers to
 * before failing. Numbers are read as {@link BigDecimal} from the YAML text, never via binary floats.
 */
final class CatalogParser {
    static final int MAX_PRICE_DECIMALS = 9;
    static final Set<String> SUPPORTED_CURRENCIES = Set.of("USD");

    static final String UNIT_PER_MILLION_TOKENS = "USD per 1M tokens";
    static final String UNIT_PER_HOUR = "USD per hour";
    static final String UNIT_PER_SECOND = "USD per second";
    static final String UNIT_PER_THOUSAND_CHARS = "USD per 1K characters";
    static final String UNIT_PER_MINUTE = "USD per minute";
    static final String UNIT_PERCENT = "percent";

    static final String K_VERSION = "version";
    static final String K_CURRENCY = "currency";
    static final String K_MODELS = "models";
    static final String K_GPU = "gpu";
    static final String K_VOICE = "voice";
    static final String K_TENANTS = "tenants";
    static final String K_EFFECTIVE_FROM = "effective_from";
    static final String K_TIERS = "tiers";
    static final String K_ABOVE = "above_context_tokens";
    static final String K_PER_HOUR = "per_hour";
    static final String K_STT = "stt_per_second";
    static final String K_STT_MINUTE = "stt_per_minute";
    static final String K_MEDIA_ROUNDING = "media_rounding";
    static final String K_USAGE_CONVENTION = "usage_convention";
    static final String K_LLM_IN = "llm_input_per_million";
    static final String K_LLM_OUT = "llm_output_per_million";
    static final String K_TTS = "tts_per_thousand_characters";
    static final String K_MEDIA = "media_per_minute";
    static final String K_DISCOUNT = "discount_percent";
    static final String K_DISCOUNT_VOICE = "discount_applies_to_voice";

    private static final List<String> TOP_KEYS = List.of(K_VERSION, K_CURRENCY, K_MODELS, K_GPU, K_VOICE, K_TENANTS);
    private static final List<String> TOKEN_KEYS = tokenKeys();
    private static final List<String> MODEL_PERIOD_KEYS =
            concat(List.of(K_EFFECTIVE_FROM, K_USAGE_CONVENTION), TOKEN_KEYS, List.of(K_TIERS));
    private static final List<String> CUSTOM_MODEL_KEYS = concat(TOKEN_KEYS, List.of(K_TIERS));
    private static final List<String> TIER_KEYS = concat(List.of(K_ABOVE), TOKEN_KEYS);
    private static final List<String> GPU_PERIOD_KEYS = List.of(K_EFFECTIVE_FROM, K_PER_HOUR);
    private static final List<String> VOICE_PERIOD_KEYS =
            List.of(K_EFFECTIVE_FROM, K_STT, K_STT_MINUTE, K_LLM_IN, K_LLM_OUT, K_TTS, K_MEDIA, K_MEDIA_ROUNDING);
    private static final List<String> TENANT_PERIOD_KEYS =
            List.of(K_EFFECTIVE_FROM, K_DISCOUNT, K_DISCOUNT_VOICE, K_MODELS);

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private static final ObjectMapper MAPPER = io.somactl.core.text.StrictYaml.mapper();

    private final String source;
    private final List<String> problems = new ArrayList<>();

    private CatalogParser(String source) {
        this.source = source;
    }

    static PricingCatalog parse(String text, String source) {
        return new CatalogParser(source).parseDocument(text);
    }

    private PricingCatalog parseDocument(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PricingCatalogException(source, describe(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new PricingCatalogException(source, List.of("(document): the catalog is empty"));
        }
        if (!root.isObject()) {
            throw new PricingCatalogException(
                    source, List.of("(document): expected a mapping with keys " + String.join(", ", TOP_KEYS)));
        }
        checkKeys(root, "", TOP_KEYS);

        String version = requiredString(root, "", K_VERSION);
        String currency = requiredString(root, "", K_CURRENCY);
        if (currency != null && !SUPPORTED_CURRENCIES.contains(currency)) {
            problem(
                    K_CURRENCY,
                    "unknown currency '" + currency + "' (supported: " + String.join(", ", SUPPORTED_CURRENCIES) + ")");
        }

        Map<String, List<ModelPricePeriod>> models = new TreeMap<>();
        JsonNode modelsNode = root.get(K_MODELS);
        if (modelsNode == null || modelsNode.isNull()) {
            problem(K_MODELS, "missing (a mapping of model id to price periods)");
        } else if (!modelsNode.isObject()) {
            problem(K_MODELS, "expected a mapping of model id to price periods");
        } else {
            forEachField(modelsNode, (id, node) -> {
                String path = K_MODELS + "." + id;
                List<ModelPricePeriod> periods =
                        periods(node, path, this::modelPeriod, ModelPricePeriod::effectiveFrom);
                if (periods != null) {
                    models.put(id, periods);
                }
            });
        }

        Map<String, List<GpuPricePeriod>> gpu = new TreeMap<>();
        JsonNode gpuNode = root.get(K_GPU);
        if (gpuNode != null && !gpuNode.isNull()) {
            if (!gpuNode.isObject()) {
                problem(K_GPU, "expected a mapping of deployment mode to price periods");
            } else {
                forEachField(gpuNode, (mode, node) -> {
                    if (Pricer.HOSTED.equals(mode)) {
                        problem(
                                K_GPU + "." + mode,
                                "hosted is a provider's API, priced by its tokens only: it has no GPU price");
                        return;
                    }
                    List<GpuPricePeriod> periods =
                            periods(node, K_GPU + "." + mode, this::gpuPeriod, GpuPricePeriod::effectiveFrom);
                    if (periods != null) {
                        gpu.put(mode, periods);
                    }
                });
            }
        }

        List<VoicePricePeriod> voice = List.of();
        JsonNode voiceNode = root.get(K_VOICE);
        if (voiceNode != null && !voiceNode.isNull()) {
            List<VoicePricePeriod> periods =
                    periods(voiceNode, K_VOICE, this::voicePeriod, VoicePricePeriod::effectiveFrom);
            if (periods != null) {
                voice = periods;
            }
        }

        Map<String, List<TenantOverridePeriod>> tenants = new TreeMap<>();
        JsonNode tenantsNode = root.get(K_TENANTS);
        if (tenantsNode != null && !tenantsNode.isNull()) {
            if (!tenantsNode.isObject()) {
                problem(K_TENANTS, "expected a mapping of tenant to override periods");
            } else {
                boolean modelsKnown = modelsNode != null && modelsNode.isObject();
                forEachField(tenantsNode, (tenant, node) -> {
                    List<TenantOverridePeriod> periods = periods(
                            node,
                            K_TENANTS + "." + tenant,
                            (n, p) -> tenantPeriod(n, p, modelsKnown ? modelsNode : null),
                            TenantOverridePeriod::effectiveFrom);
                    if (periods != null) {
                        tenants.put(tenant, periods);
                    }
                });
            }
        }

        if (!problems.isEmpty()) {
            throw new PricingCatalogException(source, problems);
        }
        return new PricingCatalog(source, version, currency, models, gpu, voice, tenants);
    }

    // ---- sections -------------------------------------------------------------------------

    private ModelPricePeriod modelPeriod(JsonNode node, String path) {
        checkKeys(node, path, MODEL_PERIOD_KEYS);
        Instant from = effectiveFrom(node, path);
        ModelPrices prices = modelPrices(node, path);
        UsageConvention convention = UsageConvention.DISJOINT;
        JsonNode conventionNode = node.get(K_USAGE_CONVENTION);
        if (conventionNode != null && !conventionNode.isNull()) {
            convention = conventionNode.isTextual()
                    ? UsageConvention.byKey(conventionNode.textValue()).orElse(null)
                    : null;
            if (convention == null) {
                problem(
                        path + "." + K_USAGE_CONVENTION,
                        "unknown usage convention " + show(conventionNode) + "; expected one of: "
                                + UsageConvention.keys());
                return null;
            }
        }
        return from == null || prices == null ? null : new ModelPricePeriod(from, prices, convention);
    }

    private ModelPrices modelPrices(JsonNode node, String path) {
        TokenPrices base = tokenPrices(node, path);
        List<ContextTier> tiers = new ArrayList<>();
        boolean tiersOk = true;
        JsonNode tiersNode = node.get(K_TIERS);
        if (tiersNode != null && !tiersNode.isNull()) {
            String tiersPath = path + "." + K_TIERS;
            if (!tiersNode.isArray()) {
                problem(tiersPath, "expected a list of tiers, each with " + K_ABOVE + " and the token prices");
                tiersOk = false;
            } else {
                Map<Long, Integer> seen = new HashMap<>();
                for (int i = 0; i < tiersNode.size(); i++) {
                    String tierPath = tiersPath + "[" + i + "]";
                    JsonNode tierNode = tiersNode.get(i);
                    if (!tierNode.isObject()) {
                        problem(tierPath, "expected a mapping with " + String.join(", ", TIER_KEYS));
                        tiersOk = false;
                        continue;
                    }
                    checkKeys(tierNode, tierPath, TIER_KEYS);
                    Long above = positiveWholeNumber(tierNode, tierPath, K_ABOVE);
                    TokenPrices prices = tokenPrices(tierNode, tierPath);
                    if (above != null) {
                        Integer previous = seen.putIfAbsent(above, i);
                        if (previous != null) {
                            problem(
                                    tierPath + "." + K_ABOVE,
                                    "duplicate tier threshold " + above + " (also at " + tiersPath + "[" + previous
                                            + "])");
                            tiersOk = false;
                        }
                    }
                    if (above == null || prices == null) {
                        tiersOk = false;
                    } else {
                        tiers.add(new ContextTier(above, prices));
                    }
                }
            }
        }
        return base == null || !tiersOk ? null : new ModelPrices(base, tiers);
    }

    /**
     * The five token prices. {@code input} and {@code output} are required; a provider that bills no
     * separate cache or reasoning price bills those tokens as input and output, so
     * {@code cached_input_read} and {@code cached_input_write} default to {@code input} and
     * {@code reasoning} to {@code output}.
     */
    private TokenPrices tokenPrices(JsonNode node, String path) {
        BigDecimal input = price(node, path, TokenClass.INPUT.key(), UNIT_PER_MILLION_TOKENS);
        BigDecimal output = price(node, path, TokenClass.OUTPUT.key(), UNIT_PER_MILLION_TOKENS);
        BigDecimal read = optionalPrice(node, path, TokenClass.CACHED_INPUT_READ.key(), input);
        BigDecimal write = optionalPrice(node, path, TokenClass.CACHED_INPUT_WRITE.key(), input);
        BigDecimal reasoning = optionalPrice(node, path, TokenClass.REASONING.key(), output);
        if (input == null || output == null || read == null || write == null || reasoning == null) {
            return null;
        }
        return new TokenPrices(input, read, write, output, reasoning);
    }

    /** A price that may be left out (then {@code fallback}); {@code null} when given but invalid or no fallback. */
    private BigDecimal optionalPrice(JsonNode node, String path, String key, BigDecimal fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        return price(node, path, key, UNIT_PER_MILLION_TOKENS);
    }

    private GpuPricePeriod gpuPeriod(JsonNode node, String path) {
        checkKeys(node, path, GPU_PERIOD_KEYS);
        Instant from = effectiveFrom(node, path);
        BigDecimal perHour = price(node, path, K_PER_HOUR, UNIT_PER_HOUR);
        return from == null || perHour == null ? null : new GpuPricePeriod(from, perHour);
    }

    private VoicePricePeriod voicePeriod(JsonNode node, String path) {
        checkKeys(node, path, VOICE_PERIOD_KEYS);
        Instant from = effectiveFrom(node, path);
        boolean perSecond = node.hasNonNull(K_STT);
        boolean perMinute = node.hasNonNull(K_STT_MINUTE);
        BigDecimal stt = null;
        VoicePricePeriod.SttUnit sttUnit = null;
        if (perSecond && perMinute) {
            problem(
                    path + "." + K_STT_MINUTE,
                    "give the STT price once: " + K_STT_MINUTE + " or " + K_STT + ", not both");
        } else if (!perSecond && !perMinute) {
            problem(
                    path + "." + K_STT_MINUTE,
                    "missing price (" + UNIT_PER_MINUTE + "; or " + K_STT + " in " + UNIT_PER_SECOND + ")");
        } else {
            sttUnit = perMinute ? VoicePricePeriod.SttUnit.MINUTE : VoicePricePeriod.SttUnit.SECOND;
            stt = price(node, path, sttUnit.key(), sttUnit.unit());
        }
        BigDecimal llmIn = price(node, path, K_LLM_IN, UNIT_PER_MILLION_TOKENS);
        BigDecimal llmOut = price(node, path, K_LLM_OUT, UNIT_PER_MILLION_TOKENS);
        BigDecimal tts = price(node, path, K_TTS, UNIT_PER_THOUSAND_CHARS);
        BigDecimal media = price(node, path, K_MEDIA, UNIT_PER_MINUTE);
        VoicePricePeriod.MediaRounding rounding = VoicePricePeriod.MediaRounding.NONE;
        JsonNode roundingNode = node.get(K_MEDIA_ROUNDING);
        if (roundingNode != null && !roundingNode.isNull()) {
            rounding = roundingNode.isTextual()
                    ? VoicePricePeriod.MediaRounding.byKey(roundingNode.textValue())
                            .orElse(null)
                    : null;
            if (rounding == null) {
                problem(
                        path + "." + K_MEDIA_ROUNDING,
                        "unknown media rounding " + show(roundingNode) + "; expected none or per_started_minute");
            }
        }
        if (from == null
                || stt == null
                || llmIn == null
                || llmOut == null
                || tts == null
                || media == null
                || rounding == null) {
            return null;
        }
        return new VoicePricePeriod(from, stt, sttUnit, llmIn, llmOut, tts, media, rounding);
    }

    private TenantOverridePeriod tenantPeriod(JsonNode node, String path, JsonNode knownModels) {
        checkKeys(node, path, TENANT_PERIOD_KEYS);
        Instant from = effectiveFrom(node, path);
        boolean ok = from != null;

        BigDecimal discount = null;
        if (node.hasNonNull(K_DISCOUNT)) {
            discount = decimal(node.get(K_DISCOUNT), path + "." + K_DISCOUNT, UNIT_PERCENT);
            if (discount == null) {
                ok = false;
            } else if (discount.signum() < 0 || discount.compareTo(HUNDRED) > 0) {
                problem(path + "." + K_DISCOUNT, "discount " + discount.toPlainString() + " is outside 0..100");
                ok = false;
            } else if (!decimalsOk(discount, path + "." + K_DISCOUNT, UNIT_PERCENT)) {
                ok = false;
            }
        }

        boolean discountVoice = false;
        JsonNode voiceFlag = node.get(K_DISCOUNT_VOICE);
        if (voiceFlag != null && !voiceFlag.isNull()) {
            if (!voiceFlag.isBoolean()) {
                problem(path + "." + K_DISCOUNT_VOICE, "expected true or false, got " + show(voiceFlag));
                ok = false;
            } else {
                discountVoice = voiceFlag.booleanValue();
                if (discountVoice && !node.hasNonNull(K_DISCOUNT)) {
                    problem(path + "." + K_DISCOUNT_VOICE, "set without " + K_DISCOUNT + " in the same period");
                    ok = false;
                }
            }
        }

        Map<String, ModelPrices> custom = new LinkedHashMap<>();
        JsonNode modelsNode = node.get(K_MODELS);
        if (modelsNode != null && !modelsNode.isNull()) {
            String modelsPath = path + "." + K_MODELS;
            if (!modelsNode.isObject()) {
                problem(modelsPath, "expected a mapping of model id to custom per-1M-token prices");
                ok = false;
            } else {
                Iterator<Map.Entry<String, JsonNode>> it = modelsNode.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String modelPath = modelsPath + "." + e.getKey();
                    if (knownModels != null && !knownModels.has(e.getKey())) {
                        problem(modelPath, "unknown model (custom rates need the model in top-level models)");
                        ok = false;
                    }
                    if (!e.getValue().isObject()) {
                        problem(
                                modelPath,
                                "expected a mapping of token prices (" + String.join(", ", TOKEN_KEYS) + ")");
                        ok = false;
                        continue;
                    }
                    checkKeys(e.getValue(), modelPath, CUSTOM_MODEL_KEYS);
                    ModelPrices prices = modelPrices(e.getValue(), modelPath);
                    if (prices == null) {
                        ok = false;
                    } else {
                        custom.put(e.getKey(), prices);
                    }
                }
            }
        }
        return ok ? new TenantOverridePeriod(from, discount, discountVoice, custom) : null;
    }

    // ---- generic pieces -------------------------------------------------------------------

    /** A non-empty list of periods with distinct effective_from, sorted by effective_from; null if invalid. */
    private <T> List<T> periods(
            JsonNode node, String path, BiFunction<JsonNode, String, T> parseOne, Function<T, Instant> from) {
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            problem(path, "no price periods (expected a list of periods, each with " + K_EFFECTIVE_FROM + ")");
            return null;
        }
        if (!node.isArray()) {
            problem(path, "expected a list of periods, each with " + K_EFFECTIVE_FROM);
            return null;
        }
        List<T> result = new ArrayList<>();
        Map<Instant, Integer> seen = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            String periodPath = path + "[" + i + "]";
            JsonNode periodNode = node.get(i);
            if (!periodNode.isObject()) {
                problem(periodPath, "expected a mapping with " + K_EFFECTIVE_FROM + " and prices");
                ok = false;
                continue;
            }
            T period = parseOne.apply(periodNode, periodPath);
            Instant start = period != null ? from.apply(period) : effectiveFromQuietly(periodNode);
            if (start != null) {
                Integer previous = seen.putIfAbsent(start, i);
                if (previous != null) {
                    problem(
                            periodPath + "." + K_EFFECTIVE_FROM,
                            "duplicate effective_from " + start + " (also at " + path + "[" + previous + "])");
                    ok = false;
                }
            }
            if (period == null) {
                ok = false;
            } else {
                result.add(period);
            }
        }
        if (!ok) {
            return null;
        }
        result.sort(Comparator.comparing(from));
        return List.copyOf(result);
    }

    private Instant effectiveFrom(JsonNode node, String path) {
        String at = path + "." + K_EFFECTIVE_FROM;
        JsonNode value = node.get(K_EFFECTIVE_FROM);
        if (value == null || value.isNull()) {
            problem(at, "missing (an RFC 3339 instant, e.g. 2023-11-17T00:00:00Z)");
            return null;
        }
        Instant instant = value.isTextual() ? parseInstant(value.textValue()) : null;
        if (instant == null) {
            problem(at, "not an RFC 3339 instant with offset: " + show(value) + " (e.g. 2023-11-17T00:00:00Z)");
        }
        return instant;
    }

    private static Instant effectiveFromQuietly(JsonNode node) {
        JsonNode value = node.get(K_EFFECTIVE_FROM);
        return value != null && value.isTextual() ? parseInstant(value.textValue()) : null;
    }

    static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A required price: present, a plain decimal, non-negative, at most 9 decimal places. */
    private BigDecimal price(JsonNode node, String path, String key, String unit) {
        String at = path + "." + key;
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            problem(at, "missing price (" + unit + ")");
            return null;
        }
        BigDecimal price = decimal(value, at, unit);
        if (price == null) {
            return null;
        }
        boolean ok = true;
        if (price.signum() < 0) {
            problem(at, "negative price " + price.toPlainString() + " (" + unit + ")");
            ok = false;
        }
        ok &= decimalsOk(price, at, unit);
        return ok ? price : null;
    }

    private boolean decimalsOk(BigDecimal value, String at, String unit) {
        int decimals = Math.max(0, value.stripTrailingZeros().scale());
        if (decimals > MAX_PRICE_DECIMALS) {
            problem(
                    at,
                    value.toPlainString() + " has " + decimals + " decimal places; at most " + MAX_PRICE_DECIMALS
                            + " are allowed (" + unit + ")");
            return false;
        }
        return true;
    }

    /** A number read exactly from the YAML text; quoted plain decimals are accepted too. */
    private BigDecimal decimal(JsonNode value, String at, String unit) {
        if (value.isIntegralNumber()) {
            return new BigDecimal(value.bigIntegerValue());
        }
        if (value.isBigDecimal()) {
            return value.decimalValue();
        }
        if (value.isNumber()) {
            // Binary floats never reach here (USE_BIG_DECIMAL_FOR_FLOATS); NaN/Infinity would.
            problem(at, "not a number: " + show(value) + " (expected a decimal amount in " + unit + ")");
            return null;
        }
        if (value.isTextual() && PLAIN_DECIMAL.matcher(value.textValue().trim()).matches()) {
            return new BigDecimal(value.textValue().trim());
        }
        problem(at, "not a number: " + show(value) + " (expected a decimal amount in " + unit + ")");
        return null;
    }

    private Long positiveWholeNumber(JsonNode node, String path, String key) {
        String at = path + "." + key;
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            problem(at, "missing (a whole number of context tokens)");
            return null;
        }
        if (!value.isIntegralNumber() || value.bigIntegerValue().bitLength() >= 63) {
            problem(at, "expected a whole number of context tokens, got " + show(value));
            return null;
        }
        long n = value.longValue();
        if (n <= 0) {
            problem(at, "must be greater than 0, got " + n);
            return null;
        }
        return n;
    }

    private String requiredString(JsonNode node, String path, String key) {
        String at = path.isEmpty() ? key : path + "." + key;
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            problem(at, "missing");
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            problem(at, "expected a non-empty string, got " + show(value) + " (quote it)");
            return null;
        }
        return value.textValue();
    }

    private void checkKeys(JsonNode node, String path, List<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String at = path.isEmpty() ? name : path + "." + name;
                String suggestion = io.somactl.core.text.StrictYaml.closest(name, allowed);
                problem(
                        at,
                        "unknown key"
                                + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
                                + "; expected one of: " + String.join(", ", allowed));
            }
        }
    }

    private void forEachField(JsonNode node, java.util.function.BiConsumer<String, JsonNode> action) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            action.accept(e.getKey(), e.getValue());
        }
    }

    private void problem(String at, String message) {
        problems.add(at + ": " + message);
    }

    private static String show(JsonNode value) {
        if (value.isTextual()) {
            return "'" + value.textValue() + "'";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.asText();
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc != null && loc.getLineNr() > 0
                ? "line " + loc.getLineNr() + ", column " + loc.getColumnNr()
                : "(document)";
        return where + ": " + e.getOriginalMessage();
    }

    private static List<String> tokenKeys() {
        List<String> keys = new ArrayList<>();
        for (TokenClass c : TokenClass.values()) {
            keys.add(c.key());
        }
        return List.copyOf(keys);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }
}
