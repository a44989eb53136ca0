package io.somactl.commands;

import io.somactl.commands.support.Documents;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.Table;
import io.somactl.commands.support.TableRenderer;
import io.somactl.core.budget.BudgetSummary;
import io.somactl.core.budget.CheckResult;
import io.somactl.core.serve.ServeViews;
import io.somactl.core.sessions.SessionSummary;
import io.somactl.core.usage.TokenUsageQuery;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server's answers through the commands' own {@code -o json} rendering: the same tables and documents, byte for
 * byte, except budget check's document, which is the same JSON on one line.
 */
public final class ServeJson implements ServeViews {
    @Override
    public String check(CheckResult result) {
        Map<String, Object> document = BudgetCheckCommand.document(result, result.timeZone(), Instant.now());
        document.put("exit_code", BudgetCheckCommand.exitCode(result.decision()));
        // compact: the same fields, order and values as -o json, without its indentation (answered per request under
        // load)
        return Documents.compactJson(document);
    }

    @Override
    public String release(String tenant, String reservation, boolean released) {
        return table(BudgetReleaseCommand.table(tenant, reservation, released));
    }

    @Override
    public String tokens(List<TokenUsageQuery.Dimension> dimensions, List<TokenUsageQuery.Row> rows) {
        return table(TokensCommand.table(dimensions, rows));
    }

    @Override
    public String summary(List<BudgetSummary.Line> lines, BigDecimal threshold) {
        return table(BudgetSummaryCommand.table(lines, threshold));
    }

    @Override
    public String sessions(List<SessionSummary> sessions) {
        return table(SessionsListCommand.table(sessions, OutputFormat.json));
    }

    @Override
    public String session(List<SessionSummary> found) {
        return table(SessionsShowCommand.table(found, OutputFormat.json));
    }

    private static String table(Table table) {
        return text(out -> TableRenderer.render(table, OutputFormat.json, out));
    }

    private static String text(Consumer<PrintWriter> render) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        render.accept(out);
        out.flush();
        return text.toString();
    }
}
