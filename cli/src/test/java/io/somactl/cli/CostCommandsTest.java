package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cost show and cost estimate through the CLI, checked against amounts worked out by hand. */
class CostCommandsTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static Run run(String... args) {
        return Run.of(Map.of("HOME", "/nonexistent-home"), args);
    }

    /** The rows of a JSON estimate by component. */
    private static Map<String, JsonNode> rows(Run run) throws Exception {
        assertEquals(0, run.exitCode(), run.describe());
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        JSON.readTree(run.out()).forEach(row -> rows.put(row.get("component").asText(), row));
        return rows;
    }

    private static void assertUsd(String expected, JsonNode amount, String how) {
        assertEquals(
                0,
                new BigDecimal(expected).compareTo(amount.decimalValue()),
                how + ": expected $" + expected + ", got " + amount);
    }

    @Test
    void aVoiceCallIsPricedAtTheVendorRatesWithCostPerMinute() throws Exception {
        // 5 minutes: 300 s of STT at $0.0043/min, 12,000 in / 3,000 out LLM tokens at $0.05 / $0.08 per 1M,
        // 4,500 TTS characters at $0.037375 per 1,000, 300 s of media at $0.004/min (5 started minutes).
        Map<String, JsonNode> rows = rows(run(
                "cost",
                "estimate",
                "--voice",
                "--stt-seconds",
                "300",
                "--llm-input-tokens",
                "12000",
                "--llm-output-tokens",
                "3000",
                "--tts-characters",
                "4500",
                "--media-seconds",
                "300",
                "--at",
                "2024-01-01T00:00:00Z",
                "-o",
                "json"));
        assertEquals(List.of("stt", "llm", "tts", "media", "total", "per_minute"), List.copyOf(rows.keySet()));
        assertUsd("0.0215", rows.get("stt").get("exact"), "5 min x $0.0043/min");
        assertUsd("0.00084", rows.get("llm").get("exact"), "12,000 x $0.05/1M + 3,000 x $0.08/1M = 0.0006 + 0.00024");
        assertUsd("0.1681875", rows.get("tts").get("exact"), "4,500 x $0.037375/1K");
        assertUsd("0.02", rows.get("media").get("exact"), "5 min x $0.004");
        assertUsd("0.2105275", rows.get("total").get("exact"), "the sum of the components");
        BigDecimal sum = List.of("stt", "llm", "tts", "media").stream()
                .map(c -> rows.get(c).get("exact").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(
                0, sum.compareTo(rows.get("total").get("exact").decimalValue()), "total = sum of exact components");
        assertUsd("0.21", rows.get("total").get("cost"), "the total presented in cents");
        assertUsd("0.00", rows.get("llm").get("cost"), "a component under half a cent presents as 0.00");
        assertUsd("0.04", rows.get("per_minute").get("cost"), "0.2105275 / 5 min = 0.0421055 -> $0.04");
        assertUsd("79.9", rows.get("tts").get("share_percent"), "TTS is most of this call's cost");
        assertUsd("10.2", rows.get("stt").get("share_percent"), "STT at its per-minute price is a tenth");
    }

    @Test
    void callMinutesMeansThatManyMinutesOfMediaAndOfTranscription() throws Exception {
        Run shortcut = run(
                "cost",
                "estimate",
                "--voice",
                "--call-minutes",
                "5",
                "--llm-input-tokens",
                "12000",
                "--llm-output-tokens",
                "3000",
                "--tts-characters",
                "4500",
                "--at",
                "2024-01-01",
                "-o",
                "json");
        Run explicit = run(
                "cost",
                "estimate",
                "--voice",
                "--stt-seconds",
                "300",
                "--media-seconds",
                "300",
                "--llm-input-tokens",
                "12000",
                "--llm-output-tokens",
                "3000",
                "--tts-characters",
                "4500",
                "--at",
                "2024-01-01",
                "-o",
                "json");
        assertEquals(explicit.out(), shortcut.out(), "--call-minutes 5 is 300 s of media and of STT");
        Map<String, JsonNode> overridden = rows(run(
                "cost",
                "estimate",
                "--voice",
                "--call-minutes",
                "5",
                "--stt-seconds",
                "60",
                "--at",
                "2024-01-01",
                "-o",
                "json"));
        assertUsd("0.0043", overridden.get("stt").get("exact"), "an explicit --stt-seconds wins: 1 min x $0.0043/min");
        assertUsd("0.02", overridden.get("media").get("exact"), "media stays 5 minutes");
    }

    @Test
    void aModelRequestUsesThePricesInEffectAtItsTime() throws Exception {
        String[] request = {
            "cost",
            "estimate",
            "--model",
            "soma-slm-8b",
            "--input-tokens",
            "1000000",
            "--output-tokens",
            "1000000",
            "--cached-read-tokens",
            "2000000",
            "--reasoning-tokens",
            "500000",
            "--gpu-seconds",
            "1800",
            "-o",
            "json",
            "--at"
        };
        Map<String, JsonNode> before = rows(run(append(request, "2023-11-16T23:59:59Z")));
        assertUsd("0.06", before.get("input").get("exact"), "1M input x $0.06/1M before the cut");
        assertUsd("0.12", before.get("output").get("exact"), "1M output x $0.12/1M");
        assertUsd("0.03", before.get("cached_read").get("exact"), "2M cached reads x $0.015/1M");
        assertUsd("0.06", before.get("reasoning").get("exact"), "0.5M reasoning x $0.12/1M");
        assertUsd("1.05", before.get("gpu").get("exact"), "1800 GPU seconds x $2.10/hour");
        assertUsd("1.32", before.get("total").get("exact"), "0.06 + 0.12 + 0.03 + 0.06 + 1.05");
        Map<String, JsonNode> after = rows(run(append(request, "2023-11-17T00:00:00Z")));
        assertUsd(
                "1.275",
                after.get("total").get("exact"),
                "after the cut: 0.05 + 0.10 + 2M x 0.0125/1M (0.025) + 0.05 + 1.05");
    }

    @Test
    void aLongContextIsPricedEntirelyAtItsTier() throws Exception {
        Map<String, JsonNode> tier = rows(run(
                "cost",
                "estimate",
                "--model",
                "soma-slm-8b-long",
                "--input-tokens",
                "128001",
                "--output-tokens",
                "1000",
                "--at",
                "2024-01-01",
                "-o",
                "json"));
        assertUsd(
                "0.02048016",
                tier.get("input").get("exact"),
                "128,001 x $0.16/1M: above 128,000 the tier prices all input");
        assertUsd("0.00032", tier.get("output").get("exact"), "1,000 x $0.32/1M: and all output");
    }

    @Test
    void theTableShowsCentsAndSaysWhenTheTotalIsUnderACent() {
        Run run = run(
                "cost",
                "estimate",
                "--model",
                "soma-slm-3b",
                "--input-tokens",
                "1000",
                "--output-tokens",
                "500",
                "--at",
                "2024-01-01");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().startsWith("COMPONENT"), run.describe());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("total\\s+-\\s+USD\\s+0\\.00")), run.describe());
        assertTrue(
                run.err().contains("the total is under a cent: 0.000040000000 USD exactly"),
                "1,000 x $0.02/1M + 500 x $0.04/1M\n" + run.describe());
    }

    @Test
    void aTenantsDiscountFromAPricingFileApplies(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("catalog.yaml");
        Files.writeString(catalog, """
                version: "test-1"
                currency: USD
                models:
                  m:
                    - {effective_from: "2023-01-01T00:00:00Z", input: 1.00, cached_input_read: 0.5, cached_input_write: 1.25, output: 2.00, reasoning: 2.00}
                gpu:
                  self_hosted:
                    - {effective_from: "2023-01-01T00:00:00Z", per_hour: 3.60}
                tenants:
                  acme:
                    - {effective_from: "2023-06-01T00:00:00Z", discount_percent: 25}
                """);
        String[] request = {
            "cost",
            "estimate",
            "--pricing",
            catalog.toString(),
            "--model",
            "m",
            "--input-tokens",
            "1000000",
            "--gpu-seconds",
            "100",
            "--at",
            "2024-01-01",
            "-o",
            "json"
        };
        assertUsd("1.10", rows(run(request)).get("total").get("exact"), "list: $1.00 input + 100 s x $3.60/h = $0.10");
        assertUsd(
                "0.825",
                rows(run(append(request, "--tenant", "acme"))).get("total").get("exact"),
                "acme pays 75%");
    }

    @Test
    void showListsEveryCatalogEntryAndAtOnlyThoseInEffect() {
        Run all = run("cost", "show", "-o", "csv");
        assertEquals(0, all.exitCode(), all.describe());
        assertEquals(
                "kind,tenant,subject,component,above_context_tokens,effective_from,price,unit",
                all.out().lines().findFirst().orElseThrow());
        assertTrue(
                all.out().contains("model,,soma-slm-8b,input,0,2023-06-01T00:00:00Z,0.06,USD per 1M tokens"),
                all.describe());
        assertTrue(
                all.out().contains("model,,soma-slm-8b,input,0,2023-11-17T00:00:00Z,0.05,USD per 1M tokens"),
                all.describe());
        assertTrue(
                all.out().contains("model,,soma-slm-8b-long,input,128000,2023-06-01T00:00:00Z,0.16,USD per 1M tokens"),
                all.describe());
        assertTrue(
                all.out().contains("gpu,,self_hosted,per_hour,0,2023-06-01T00:00:00Z,2.10,USD per hour"),
                all.describe());
        assertTrue(
                all.out().contains("voice,,voice,stt_per_minute,0,2023-06-01T00:00:00Z,0.0043,USD per minute"),
                all.describe());

        Run at = run("cost", "show", "--at", "2023-11-17T00:00:00Z", "-o", "csv");
        assertEquals(0, at.exitCode(), at.describe());
        assertTrue(at.out().contains("model,,soma-slm-8b,input,0,2023-11-17T00:00:00Z,0.05,"), at.describe());
        assertTrue(
                !at.out().contains("soma-slm-8b,input,0,2023-06-01"),
                "the superseded price is not in effect\n" + at.describe());
        Run before = run("cost", "show", "--at", "2023-01-01");
        assertEquals(
                1,
                before.out().lines().count(),
                "nothing is priced before June 2023: only the header\n" + before.describe());
    }

    @Test
    void anInvalidCatalogIsAConfigurationErrorListingEveryProblem(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("bad.yaml");
        Files.writeString(
                catalog,
                "version: \"x\"\ncurrency: EUR\nmodels:\n  m:\n    - {effective_from: \"2023-01-01\", input: -1}\n");
        for (String[] command : new String[][] {{"cost", "show"}, {"cost", "estimate", "--model", "m"}}) {
            Run run = run(append(command, "--pricing", catalog.toString()));
            assertEquals(2, run.exitCode(), run.describe());
            for (String problem : new String[] {
                "currency: unknown currency 'EUR'",
                "models.m[0].effective_from:",
                "models.m[0].input: negative price -1",
                "models.m[0].output: missing price"
            }) {
                assertTrue(
                        run.err().contains(problem), "every problem is listed, " + problem + " too\n" + run.describe());
            }
        }
        Run missing = run("cost", "show", "--pricing", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exitCode(), missing.describe());
        assertTrue(missing.err().contains("no such file"), missing.describe());
    }

    @Test
    void aWorkloadThatCannotBePricedIsAUsageErrorSayingWhatIsWrong() {
        Run nothing = run("cost", "estimate");
        assertEquals(2, nothing.exitCode(), nothing.describe());
        assertTrue(nothing.err().contains("--model MODEL with token counts, or --voice"), nothing.describe());

        Run mixed = run("cost", "estimate", "--voice", "--model", "soma-slm-8b");
        assertEquals(2, mixed.exitCode(), mixed.describe());
        assertTrue(mixed.err().contains("--voice estimates a call, so it cannot take --model"), mixed.describe());

        Run noVoice = run("cost", "estimate", "--tts-characters", "10");
        assertEquals(2, noVoice.exitCode(), noVoice.describe());
        assertTrue(noVoice.err().contains("add --voice"), noVoice.describe());

        Run negative = run("cost", "estimate", "--model", "soma-slm-8b", "--input-tokens", "-5");
        assertEquals(2, negative.exitCode(), negative.describe());
        assertTrue(negative.err().contains("--input-tokens must be 0 or more, not -5"), negative.describe());

        Run unknown = run("cost", "estimate", "--model", "gpt-9", "--at", "2024-01-01");
        assertEquals(2, unknown.exitCode(), unknown.describe());
        assertTrue(
                unknown.err().contains("unknown model 'gpt-9'") && unknown.err().contains("soma-slm-8b"),
                "the message names the catalog's models\n" + unknown.describe());

        Run early = run("cost", "estimate", "--model", "soma-slm-8b", "--at", "2020-01-01");
        assertEquals(2, early.exitCode(), early.describe());
        assertTrue(early.err().contains("first price period starts 2023-06-01T00:00:00Z"), early.describe());

        Run badTime = run("cost", "show", "--at", "yesterday");
        assertEquals(2, badTime.exitCode(), badTime.describe());
        assertTrue(badTime.err().contains("--at: 'yesterday' is not a time"), badTime.describe());
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
