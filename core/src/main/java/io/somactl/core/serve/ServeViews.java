package io.somactl.core.serve;

import io.somactl.core.budget.BudgetSummary;
import io.somactl.core.budget.CheckResult;
import io.somactl.core.sessions.SessionSummary;
import io.somactl.core.usage.TokenUsageQuery;
import java.math.BigDecimal;
import java.util.List;

/**
 * How the server writes its answers: the JSON text the matching command prints with {@code -o json},
 * from the same rendering code (it lives with the commands), so field names never drift apart.
 */
public interface ServeViews {
    /** {@code budget check -o json}, plus {@code exit_code}: the exit code the command would return. */
    String check(CheckResult result);

    /** {@code budget release -o json}. */
    String release(String tenant, String reservation, boolean released);

    /** {@code tokens -o json}. */
    String tokens(List<TokenUsageQuery.Dimension> dimensions, List<TokenUsageQuery.Row> rows);

    /** {@code budget summary -o json}. */
    String summary(List<BudgetSummary.Line> lines, BigDecimal threshold);

    /** {@code sessions list -o json}. */
    String sessions(List<SessionSummary> sessions);

    /** {@code sessions show SESSION_ID -o json}: the one session found. */
    String session(List<SessionSummary> found);
}
