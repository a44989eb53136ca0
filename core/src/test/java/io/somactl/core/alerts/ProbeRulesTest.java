package io.somactl.core.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.SomactlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeRulesTest {
    private static final ProbeRules.Sources NOWHERE = new ProbeRules.Sources(
            () -> {
                throw new SomactlException("no Prometheus here");
            },
            () -> {
                throw new SomactlException("no Redis here");
            },
            () -> {
                throw new SomactlException("no ClickHouse here");
            },
            () -> {
                throw new SomactlException("no Redis here");
            });

    @Test
    void theShippedRulesCoverWorkerDownBudgetsLagAndDeadLetters() {
        assertEquals(
                List.of(
                        "TelemetryWorkerDown",
                        "TenantBudgetThreshold",
                        "IngestConsumerLag",
                        "IngestDeadLetterRate",
                        "RefusalSpike",
                        "AudioWerHigh",
                        "AudioMosLow",
                        "EscalationErrorSpike",
                        "ModelAnomaly"),
                ProbeRules.defaults().names());
    }

    @Test
    void aRuleWhoseServerDoesNotAnswerIsUnknownNotAnError() {
        List<RuleResult> results = new AlertProbe(ProbeRules.defaults().build(null, NOWHERE)).evaluate();
        assertEquals(9, results.size());
        results.forEach(r -> assertEquals(AlertState.UNKNOWN, r.state(), r.rule()));
        assertEquals("no Prometheus here", results.get(0).summary());
        assertEquals(3, AlertProbe.overall(results).nagiosCode());
    }

    @Test
    void thresholdsAreReachedAtOrAboveOrAtOrBelowForQualitiesThatAreBadWhenLow() {
        Thresholds high =
                new Thresholds("r", new java.math.BigDecimal("5"), new java.math.BigDecimal("20"), false, "%");
        assertEquals(AlertState.OK, high.state(new java.math.BigDecimal("4.999")));
        assertEquals(AlertState.WARNING, high.state(new java.math.BigDecimal("5")));
        assertEquals(AlertState.CRITICAL, high.state(new java.math.BigDecimal("20")));
        Thresholds low =
                new Thresholds("mos", new java.math.BigDecimal("3.5"), new java.math.BigDecimal("3"), true, "");
        assertEquals(AlertState.OK, low.state(new java.math.BigDecimal("3.6")));
        assertEquals(AlertState.WARNING, low.state(new java.math.BigDecimal("3.5")));
        assertEquals(AlertState.CRITICAL, low.state(new java.math.BigDecimal("2.9")));
    }

    @Test
    void ruleNamesOneRuleAndAnUnknownNameSaysWhichExist() {
        assertEquals(
                1, ProbeRules.defaults().build("TenantBudgetThreshold", NOWHERE).size());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ProbeRules.defaults().build("NoSuchRule", NOWHERE));
        assertTrue(
                e.getMessage().contains("no rule named 'NoSuchRule'")
                        && e.getMessage().contains("TelemetryWorkerDown"),
                e.getMessage());
    }

    @Test
    void aBadRulesFileIsRefusedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "Lag:\n  kind: prometheus\n  query: up\n  warning: many\n  critical: 5\n");
        SomactlException e =
                assertThrows(SomactlException.class, () -> ProbeRules.read(file).build(null, NOWHERE));
        assertTrue(e.getMessage().endsWith("rule Lag: warning must be a number, not 'many'"), e.getMessage());
        Files.writeString(file, "Lag:\n  kind: graphite\n");
        e = assertThrows(SomactlException.class, () -> ProbeRules.read(file));
        assertTrue(e.getMessage().contains("has kind 'graphite'"), e.getMessage());
        Files.writeString(
                file,
                "Mos:\n  kind: clickhouse\n  labels: [tenant]\n  query: SELECT 1\n  warning: 3\n  critical: 3.5\n  below: true\n");
        IllegalArgumentException below = assertThrows(
                IllegalArgumentException.class, () -> ProbeRules.read(file).build(null, NOWHERE));
        assertTrue(below.getMessage().contains("warning 3 is below critical 3.5"), below.getMessage());
        Files.writeString(file, "Lag:\n  kind: prometheus\n  query: up\n  warning: 10\n  critical: 5\n");
        IllegalArgumentException inverted = assertThrows(
                IllegalArgumentException.class, () -> ProbeRules.read(file).build(null, NOWHERE));
        assertTrue(inverted.getMessage().contains("warning 10 is above critical 5"), inverted.getMessage());
    }

    private static final String FLAGS = "{\"kind\":\"somactl.anomaly-flags\",\"version\":1,"
            + "\"computed_at\":\"2023-11-24T00:05:00Z\",\"flags\":["
            + "{\"subject_kind\":\"model\",\"subject\":\"soma-slm-3b\",\"metric\":\"latency_p90_ms\","
            + "\"hour\":\"2023-11-23T18:00:00Z\",\"value\":9000,\"median\":6000,\"scale\":300,\"z\":10},"
            + "{\"subject_kind\":\"tenant\",\"subject\":\"stark\",\"metric\":\"error_rate\","
            + "\"hour\":\"2023-11-23T18:00:00Z\",\"value\":0.15,\"median\":0.05,\"scale\":0.01,\"z\":7.5}]}";

    private static ProbeRules.Sources flags(String text, String now) {
        return new ProbeRules.Sources(
                NOWHERE.prometheus(),
                NOWHERE.budgets(),
                NOWHERE.clickHouse(),
                () -> text,
                java.time.Clock.fixed(java.time.Instant.parse(now), java.time.ZoneOffset.UTC));
    }

    @Test
    void anAnomaliesRuleTurnsEachFreshFlagIntoAFindingLabelledBySubjectAndMetric(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "Anomaly:\n  kind: anomalies\n  critical-z: 9.5\n  max-age: 30m\n");
        RuleResult fresh = ProbeRules.read(file)
                .build(null, flags(FLAGS, "2023-11-24T00:30:00Z"))
                .get(0)
                .evaluate();
        assertEquals(AlertState.CRITICAL, fresh.state(), fresh.summary());
        assertEquals(
                java.util.Map.of("model", "soma-slm-3b", "metric", "latency_p90_ms"),
                fresh.findings().get(0).labels());
        assertEquals(AlertState.CRITICAL, fresh.findings().get(0).state(), "z 10 is past critical-z 9.5");
        assertEquals(
                java.util.Map.of("tenant", "stark", "metric", "error_rate"),
                fresh.findings().get(1).labels());
        assertEquals(AlertState.WARNING, fresh.findings().get(1).state(), "z 7.5 is below critical-z 9.5");
        assertTrue(fresh.findings().get(0).evidence().contains("9000 vs baseline 6000, robust z 10"), fresh.summary());

        RuleResult stale = ProbeRules.read(file)
                .build(null, flags(FLAGS, "2023-11-24T00:36:00Z"))
                .get(0)
                .evaluate();
        assertEquals(AlertState.OK, stale.state(), "flags older than max-age are ignored: " + stale.summary());
        RuleResult shipped = ProbeRules.defaults()
                .build("ModelAnomaly", flags(FLAGS, "2023-11-24T02:00:00Z"))
                .get(0)
                .evaluate();
        assertEquals(
                AlertState.CRITICAL,
                shipped.state(),
                "the shipped rule keeps 2h flags, critical from z 10: " + shipped.summary());
        RuleResult none = ProbeRules.defaults()
                .build("ModelAnomaly", flags(null, "2023-11-24T00:30:00Z"))
                .get(0)
                .evaluate();
        assertEquals(AlertState.OK, none.state(), "no key yet: nothing flagged");
        RuleResult garbage = ProbeRules.defaults()
                .build("ModelAnomaly", flags("{not json", "2023-11-24T00:30:00Z"))
                .get(0)
                .evaluate();
        assertEquals(AlertState.UNKNOWN, garbage.state(), "an unreadable key is unknown: " + garbage.summary());
    }
}
