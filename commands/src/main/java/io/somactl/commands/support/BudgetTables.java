package io.somactl.commands.support;

import io.somactl.core.budget.BudgetLimit;
import io.somactl.core.budget.BudgetUsage;
import io.somactl.core.budget.Verdict;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Budgets measured, as rows: one word per cell so awk can read the table. */
public final class BudgetTables {
    private BudgetTables() {}

    public static Table usage(List<BudgetUsage> budgets, ZoneId zone, Instant now, boolean withRequest) {
        Table table = withRequest
                ? Table.withColumns(
                        "tenant",
                        "persona",
                        "budget",
                        "window",
                        "limit",
                        "used",
                        "reserved",
                        "request",
                        "percent",
                        "state",
                        "action",
                        "resets_at",
                        "resets_in")
                : Table.withColumns(
                        "tenant",
                        "persona",
                        "budget",
                        "window",
                        "time_zone",
                        "limit",
                        "used",
                        "reserved",
                        "percent",
                        "state",
                        "action",
                        "resets_at",
                        "resets_in");
        for (BudgetUsage b : budgets) {
            BudgetLimit limit = b.limit();
            String resetsAt = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    b.window().end().atZone(zone));
            String resetsIn = Verdict.compact(b.window().untilEnd(now));
            if (withRequest) {
                table.row(
                        b.tenant(),
                        b.persona(),
                        limit.id(),
                        window(limit),
                        limit.limit(),
                        b.usedAmount(),
                        b.reservedAmount(),
                        b.requestAmount(),
                        b.percent(),
                        state(b),
                        action(limit),
                        resetsAt,
                        resetsIn);
            } else {
                table.row(
                        b.tenant(),
                        b.persona(),
                        limit.id(),
                        window(limit),
                        zone.getId(),
                        limit.limit(),
                        b.usedAmount(),
                        b.reservedAmount(),
                        b.percent(),
                        state(b),
                        action(limit),
                        resetsAt,
                        resetsIn);
            }
        }
        return table;
    }

    /** The state word, green when ok, yellow past a warning step, red when over (on a terminal with colours). */
    static Cell state(BudgetUsage b) {
        String state = b.state();
        return Cell.state(
                state,
                state.equals("ok") ? Cell.Tone.GOOD : state.startsWith("warn") ? Cell.Tone.WARNING : Cell.Tone.BAD);
    }

    /** One budget as a JSON/YAML object. */
    public static Map<String, Object> object(BudgetUsage b, ZoneId zone, Instant now) {
        BudgetLimit limit = b.limit();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("tenant", b.tenant());
        o.put("persona", b.persona());
        o.put("budget", limit.id());
        o.put("period", limit.period().cliName());
        o.put("metric", limit.metric().cliName());
        o.put("window", window(limit));
        o.put("time_zone", zone.getId());
        o.put("window_start", b.window().start().toString());
        o.put("limit", limit.limit());
        o.put("used", b.usedAmount());
        o.put("reserved", b.reservedAmount());
        o.put("request", b.requestAmount());
        o.put("percent", b.percent());
        o.put("state", b.state());
        o.put("warn", limit.warn());
        o.put("action", limit.action().cliName());
        o.put("downgrade_to", limit.downgradeTo());
        o.put(
                "resets_at",
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(b.window().end().atZone(zone)));
        o.put("resets_in_seconds", b.window().untilEnd(now).toSeconds());
        return o;
    }

    /** {@code calendar-day}, {@code calendar-month}, {@code rolling-24h}, {@code rolling-30d}. */
    public static String window(BudgetLimit limit) {
        return limit.windowName().replace(' ', '-');
    }

    public static String action(BudgetLimit limit) {
        return limit.downgradeTo() == null
                ? limit.action().cliName()
                : limit.action().cliName() + ":" + limit.downgradeTo();
    }
}
