package io.somactl.core.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertStateTest {
    @Test
    void statesMapToTheNagiosExitCodes() {
        assertEquals(0, AlertState.OK.nagiosCode());
        assertEquals(1, AlertState.WARNING.nagiosCode());
        assertEquals(2, AlertState.CRITICAL.nagiosCode());
        assertEquals(3, AlertState.UNKNOWN.nagiosCode());
    }

    @Test
    void theOverallStateIsCriticalOverUnknownOverWarningOverOk() {
        assertEquals(AlertState.WARNING, AlertState.OK.worse(AlertState.WARNING));
        assertEquals(AlertState.UNKNOWN, AlertState.WARNING.worse(AlertState.UNKNOWN));
        assertEquals(AlertState.CRITICAL, AlertState.UNKNOWN.worse(AlertState.CRITICAL));
        assertEquals(AlertState.CRITICAL, AlertState.CRITICAL.worse(AlertState.UNKNOWN));
        assertEquals(
                AlertState.CRITICAL,
                AlertProbe.overall(List.of(
                        result(AlertState.OK),
                        result(AlertState.CRITICAL),
                        result(AlertState.UNKNOWN),
                        result(AlertState.WARNING))));
        assertEquals(AlertState.OK, AlertProbe.overall(List.of()));
    }

    @Test
    void aRuleIsAsBadAsItsWorstFindingAndSaysWhy() {
        RuleResult result = RuleResult.of(
                "R",
                "all fine",
                List.of(
                        new Finding(AlertState.OK, Map.of("tenant", "a"), "a at 10%"),
                        new Finding(AlertState.WARNING, Map.of("tenant", "b"), "b at 85%")));
        assertEquals(AlertState.WARNING, result.state());
        assertEquals("b at 85%", result.summary());
        assertEquals("all fine", RuleResult.of("R", "all fine", List.of()).summary());
    }

    private static RuleResult result(AlertState state) {
        return new RuleResult("r", state, "", List.of());
    }
}
