package io.somactl.commands.support;

import io.somactl.core.SomactlException;
import io.somactl.core.alerts.AlertmanagerApi;
import io.somactl.core.alerts.BudgetRule;
import io.somactl.core.alerts.ProbeRules;
import io.somactl.core.alerts.PrometheusApi;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.config.Settings;
import io.somactl.core.scoring.ScoreKeys;
import io.somactl.core.scoring.ScoreStore;
import io.somactl.core.usage.UsageKeys;

/** The servers the probe's rules read, opened only when a rule asks (a Prometheus-only probe never touches Redis). */
public final class AlertSources implements AutoCloseable {
    private final Settings settings;
    private BudgetServices budgets;

    public AlertSources(Settings settings) {
        this.settings = settings;
    }

    public ProbeRules.Sources sources() {
        return new ProbeRules.Sources(this::prometheus, this::budgets, () -> new HttpClickHouse(settings.clickHouse()),
                this::anomalies);
    }

    public PrometheusApi prometheus() {
        return new PrometheusApi(settings.prometheusUrl().orElseThrow(() -> new SomactlException(
                "no Prometheus configured (prometheus.url is empty or not set in this context):"
                        + " somactl config set-context CONTEXT --set prometheus.url=http://HOST:9090")),
                settings.timeout());
    }

    public AlertmanagerApi alertmanager() {
        return new AlertmanagerApi(settings.alertmanagerUrl().orElseThrow(() -> new SomactlException(
                "no Alertmanager configured (alertmanager.url is empty or not set in this context):"
                        + " somactl config set-context CONTEXT --set alertmanager.url=http://HOST:9093")),
                settings.timeout());
    }

    private synchronized BudgetRule.Budgets budgets() {
        if (budgets == null) {
            budgets = new BudgetServices(settings);
        }
        return new BudgetRule.Budgets(budgets.store(), budgets.checks());
    }

    /** The text of the anomaly flags key ({@code score anomalies}), null when there is none; over the budgets' connection. */
    private synchronized String anomalies() {
        if (budgets == null) {
            budgets = new BudgetServices(settings);
        }
        return new ScoreStore(budgets.redis().async(), settings.redis().address(),
                new ScoreKeys(new UsageKeys(settings.redis().keyPrefix())), null, settings.timeout()).readAnomalies();
    }

    @Override
    public synchronized void close() {
        if (budgets != null) {
            budgets.close();
        }
    }
}
