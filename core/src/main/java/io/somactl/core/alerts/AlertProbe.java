package io.somactl.core.alerts;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Evaluates probe rules, all at once (a server that does not answer costs one timeout, not one per rule). */
public final class AlertProbe {
    private final List<ProbeRule> rules;

    public AlertProbe(List<ProbeRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<RuleResult> evaluate() {
        List<CompletableFuture<RuleResult>> running = rules.stream()
                .map(rule -> CompletableFuture.supplyAsync(rule::evaluate))
                .toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    /** The overall state: the worst of the rules' (ok &lt; warning &lt; unknown &lt; critical). */
    public static AlertState overall(List<RuleResult> results) {
        AlertState state = AlertState.OK;
        for (RuleResult result : results) {
            state = state.worse(result.state());
        }
        return state;
    }
}
