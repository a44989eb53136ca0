package io.somactl.cli;

import io.somactl.commands.support.Table;
import io.somactl.core.budget.Verdict;
import io.somactl.core.pricing.Money;
import io.somactl.core.top.AnomalyRow;
import io.somactl.core.top.BudgetAlert;
import io.somactl.core.top.Fetched;
import io.somactl.core.top.PersonaSpend;
import io.somactl.core.top.TenantModelSpend;
import io.somactl.core.top.TenantSpend;
import io.somactl.core.top.TopModel;
import io.somactl.core.top.TopSnapshot;
import io.somactl.core.top.TopicHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code top}'s panels as tables: money as {@code spend} shows it ({@code $12.34}, cents rounded once) beside the
 * exact {@code *_usd} for -o json|csv|yaml. Pure: a snapshot and a view in, tables out.
 */
final class TopTables {
    /** A panel: its title, status (fresh or stale, and why) and table. */
    record Panel(String name, String title, String status, Table table) {}

    private TopTables() {}

    static List<Panel> panels(TopSnapshot snapshot, TopModel.View view, String group) {
        var now = snapshot.takenAt();
        Table tenants = Table.withColumns("tenant", "last_hour", "today", "requests", "last_hour_usd", "today_usd");
        for (TenantSpend t : view.tenants(snapshot)) {
            tenants.row(
                    t.tenant(),
                    Money.format(t.lastHourUsd()),
                    Money.format(t.todayUsd()),
                    t.requestsToday(),
                    t.lastHourUsd(),
                    t.todayUsd());
        }
        Table models =
                Table.withColumns("tenant", "model", "last_hour", "today", "requests", "last_hour_usd", "today_usd");
        for (TenantModelSpend m : view.models(snapshot)) {
            models.row(
                    m.tenant(),
                    m.model(),
                    Money.format(m.lastHourUsd()),
                    Money.format(m.todayUsd()),
                    m.requestsToday(),
                    m.lastHourUsd(),
                    m.todayUsd());
        }
        Table personas = Table.withColumns("tenant", "persona", "today", "requests", "today_usd");
        for (PersonaSpend p : view.personas(snapshot)) {
            personas.row(p.tenant(), p.persona(), Money.format(p.todayUsd()), p.requestsToday(), p.todayUsd());
        }
        Table budgets = Table.withColumns("scope", "budget", "percent", "state", "resets_in");
        for (BudgetAlert b : view.budgets(snapshot)) {
            budgets.row(b.scope(), b.budget(), b.percent(), b.state(), Verdict.compact(b.resetsIn()));
        }
        Table ingest = Table.withColumns("topic", "lag", "events", "dead_letters", "dead_letter_percent");
        List<TopicHealth> topics = snapshot.ingest().value() == null
                ? List.of()
                : snapshot.ingest().value();
        for (TopicHealth t : topics) {
            ingest.row(
                    t.topic(),
                    t.lag(),
                    t.events(),
                    t.deadLetters(),
                    String.format(Locale.ROOT, "%.2f", t.deadLetterPercent()));
        }
        Table anomalies = Table.withColumns("hour", "kind", "subject", "metric", "value", "z");
        for (AnomalyRow a : view.anomalies(snapshot)) {
            anomalies.row(
                    a.hour().toString(),
                    a.subjectKind(),
                    a.subject(),
                    a.metric(),
                    String.format(Locale.ROOT, "%.6g", a.value()),
                    String.format(Locale.ROOT, "%.1f", a.z()));
        }
        String rate = snapshot.deadLettersPerMinute() == null
                ? ""
                : String.format(Locale.ROOT, ", %.1f dead letters/min", snapshot.deadLettersPerMinute());
        String ingestTitle = "INGEST (group " + group + ": lag " + TopModel.lag(topics) + ", dead letters "
                + TopModel.deadLetters(topics) + rate + ")";
        return List.of(
                new Panel(
                        "tenants",
                        "TENANTS (spend UTC: last hour since " + hhmm(snapshot.hourSince()) + ", today since "
                                + snapshot.daySince().toString().substring(0, 10) + ")",
                        status(snapshot.spend(), now),
                        tenants),
                new Panel("models", "MODELS BY TENANT", status(snapshot.spend(), now), models),
                new Panel("personas", "TOP PERSONAS TODAY", status(snapshot.personas(), now), personas),
                new Panel("budgets", "BUDGETS NEAR OR PAST A WARNING STEP", status(snapshot.budgets(), now), budgets),
                new Panel("ingest", ingestTitle, status(snapshot.ingest(), now), ingest),
                new Panel("anomalies", "ANOMALY FLAGS (last 24h)", status(snapshot.anomalies(), now), anomalies));
    }

    /** Each panel's status, for -o json|yaml. */
    static Map<String, String> statuses(List<Panel> panels) {
        Map<String, String> statuses = new LinkedHashMap<>();
        panels.forEach(p -> statuses.put(p.name(), p.status()));
        return statuses;
    }

    private static String status(Fetched<?> fetched, java.time.Instant now) {
        return fetched.status(now);
    }

    private static String hhmm(java.time.Instant instant) {
        return instant.toString().substring(11, 16);
    }
}
