package io.somactl.commands.support;

import io.somactl.core.SomactlException;
import io.somactl.core.alerts.AlertmanagerApi;
import io.somactl.core.alerts.BudgetRule;
import io.somactl.core.alerts.ProbeRules;
import io.somactl.core.alerts.PrometheusApi;
import io.somactl.core.config.Settings;
import io.somactl.core.services.Services;

/** The servers the probe's rules read, opened only when a rule asks (a Prometheus-only probe never touches Redis). */
public final class AlertSources implements AutoCloseable {
    private final Settings settings;
    private final Services services;

    public AlertSources(Services services) {
        this.services = services;
        this.settings = services.settings();
    }

    public ProbeRules.Sources sources() {
        return new ProbeRules.Sources(this::prometheus, this::budgets, services::clickHouse, this::anomalies);
    }

    public PrometheusApi prometheus() {
        return new PrometheusApi(
                settings.prometheusUrl()
                        .orElseThrow(() -> new SomactlException(
                                "no Prometheus configured (prometheus.url is empty or not set in this context):"
                                        + " somactl config set-context CONTEXT --set prometheus.url=http://HOST:9090")),
                settings.timeout());
    }

    public AlertmanagerApi alertmanager() {
        return new AlertmanagerApi(
                settings.alertmanagerUrl()
                        .orElseThrow(
                                () -> new SomactlException(
                                        "no Alertmanager configured (alertmanager.url is empty or not set in this context):"
                                                + " somactl config set-context CONTEXT --set alertmanager.url=http://HOST:9093")),
                settings.timeout());
    }

    private BudgetRule.Budgets budgets() {
        return new BudgetRule.Budgets(services.budgetStore(), services.budgetChecks());
    }

    /** The text of the anomaly flags key ({@code score anomalies}), null when there is none; over the budgets' connection. */
    private String anomalies() {
        return services.scoreStore().readAnomalies();
    }

    @Override
    public void close() {
        // the services are closed by their owner
    }
}
