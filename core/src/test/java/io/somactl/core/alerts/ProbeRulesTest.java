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
            () -> { throw new SomactlException("no Prometheus here"); },
            () -> { throw new SomactlException("no Redis here"); },
            () -> { throw new SomactlException("no ClickHouse here"); });

    @Test
    void theShippedRulesCoverWorkerDownBudgetsLagAndDeadLetters() {
        assertEquals(List.of("TelemetryWorkerDown", "TenantBudgetThreshold", "IngestConsumerLag", "IngestDeadLetterRate",
                "RefusalSpike", "AudioWerHigh", "AudioMosLow", "EscalationErrorSpike"), ProbeRules.defaults().names());
    }

    @Test
    void aRuleWhoseServerDoesNotAnswerIsUnknownNotAnError() {
        List<RuleResult> results = new AlertProbe(ProbeRules.defaults().build(null, NOWHERE)).evaluate();
        assertEquals(8, results.size());
        results.forEach(r -> assertEquals(AlertState.UNKNOWN, r.state(), r.rule()));
        assertEquals("no Prometheus here", results.get(0).summary());
        assertEquals(3, AlertProbe.overall(results).nagiosCode());
    }

    @Test
    void thresholdsAreReachedAtOrAboveOrAtOrBelowForQualitiesThatAreBadWhenLow() {
        Thresholds high = new Thresholds("r", new java.math.BigDecimal("5"), new java.math.BigDecimal("20"), false, "%");
        assertEquals(AlertState.OK, high.state(new java.math.BigDecimal("4.999")));
        assertEquals(AlertState.WARNING, high.state(new java.math.BigDecimal("5")));
        assertEquals(AlertState.CRITICAL, high.state(new java.math.BigDecimal("20")));
        Thresholds low = new Thresholds("mos", new java.math.BigDecimal("3.5"), new java.math.BigDecimal("3"), true, "");
        assertEquals(AlertState.OK, low.state(new java.math.BigDecimal("3.6")));
        assertEquals(AlertState.WARNING, low.state(new java.math.BigDecimal("3.5")));
        assertEquals(AlertState.CRITICAL, low.state(new java.math.BigDecimal("2.9")));
    }

    @Test
    void ruleNamesOneRuleAndAnUnknownNameSaysWhichExist() {
        assertEquals(1, ProbeRules.defaults().build("TenantBudgetThreshold", NOWHERE).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProbeRules.defaults().build("NoSuchRule", NOWHERE));
        assertTrue(e.getMessage().contains("no rule named 'NoSuchRule'") && e.getMessage().contains("TelemetryWorkerDown"),
                e.getMessage());
    }

    @Test
    void aBadRulesFileIsRefusedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "Lag:\n  kind: prometheus\n  query: up\n  warning: many\n  critical: 5\n");
        SomactlException e = assertThrows(SomactlException.class, () -> ProbeRules.read(file).build(null, NOWHERE));
        assertTrue(e.getMessage().endsWith("rule Lag: warning must be a number, not 'many'"), e.getMessage());
        Files.writeString(file, "Lag:\n  kind: graphite\n");
        e = assertThrows(SomactlException.class, () -> ProbeRules.read(file));
        assertTrue(e.getMessage().contains("has kind 'graphite'"), e.getMessage());
        Files.writeString(file, "Mos:\n  kind: clickhouse\n  labels: [tenant]\n  query: SELECT 1\n  warning: 3\n  critical: 3.5\n  below: true\n");
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class, () -> ProbeRules.read(file).build(null, NOWHERE));
        assertTrue(below.getMessage().contains("warning 3 is below critical 3.5"), below.getMessage());
        Files.writeString(file, "Lag:\n  kind: prometheus\n  query: up\n  warning: 10\n  critical: 5\n");
        IllegalArgumentException inverted = assertThrows(IllegalArgumentException.class, () -> ProbeRules.read(file).build(null, NOWHERE));
        assertTrue(inverted.getMessage().contains("warning 10 is above critical 5"), inverted.getMessage());
    }
}
