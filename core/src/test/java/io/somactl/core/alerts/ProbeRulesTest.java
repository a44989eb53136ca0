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
            () -> { throw new SomactlException("no Redis here"); });

    @Test
    void theShippedRulesCoverWorkerDownBudgetsLagAndDeadLetters() {
        assertEquals(List.of("TelemetryWorkerDown", "TenantBudgetThreshold", "IngestConsumerLag", "IngestDeadLetterRate"),
                ProbeRules.defaults().names());
    }

    @Test
    void aRuleWhoseServerDoesNotAnswerIsUnknownNotAnError() {
        List<RuleResult> results = new AlertProbe(ProbeRules.defaults().build(null, NOWHERE)).evaluate();
        assertEquals(4, results.size());
        results.forEach(r -> assertEquals(AlertState.UNKNOWN, r.state(), r.rule()));
        assertEquals("no Prometheus here", results.get(0).summary());
        assertEquals(3, AlertProbe.overall(results).nagiosCode());
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
        Files.writeString(file, "Lag:\n  kind: prometheus\n  query: up\n  warning: 10\n  critical: 5\n");
        IllegalArgumentException inverted = assertThrows(IllegalArgumentException.class, () -> ProbeRules.read(file).build(null, NOWHERE));
        assertTrue(inverted.getMessage().contains("warning 10 is above critical 5"), inverted.getMessage());
    }
}
