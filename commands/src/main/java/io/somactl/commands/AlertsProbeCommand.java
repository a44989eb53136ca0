package io.somactl.commands;

import io.somactl.commands.support.AlertSources;
import io.somactl.commands.support.Documents;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.alerts.AlertProbe;
import io.somactl.core.alerts.AlertPush;
import io.somactl.core.alerts.AlertState;
import io.somactl.core.alerts.Finding;
import io.somactl.core.alerts.ProbeRules;
import io.somactl.core.alerts.RuleResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "probe",
        exitCodeListHeading = "%nExit codes (Nagios plugin convention):%n",
        exitCodeList = {
            "0:ok",
            "1:warning",
            "2:critical",
            "3:unknown (a server did not answer; also a usage error is 2)"
        },
        description = {
            "Evaluate the alert rules now and print each one's state (ok, warning, critical, unknown) with its evidence;",
            "the exit code is the worst state, as a Nagios plugin's (critical > unknown > warning > ok). Rules and",
            "thresholds: --rules FILE, else the shipped defaults (docs/alerts.md). --push sends firing alerts to",
            "Alertmanager's v2 API and resolves those that cleared; safe to run from cron every minute."
        })
public final class AlertsProbeCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Option(names = "--rule", paramLabel = "NAME", description = "Evaluate only this rule (e.g. TelemetryWorkerDown).")
    private String rule;

    @Option(names = "--rules", paramLabel = "FILE", description = "The rules file (default: the shipped rules).")
    private Path rulesFile;

    @Option(
            names = "--push",
            description = "Send firing alerts to Alertmanager (alertmanager.url) and resolve cleared ones.")
    private boolean push;

    @Option(
            names = "--source",
            paramLabel = "NAME",
            defaultValue = AlertPush.DEFAULT_SOURCE,
            description =
                    "The source label of pushed alerts; a probe resolves only its own (default: ${DEFAULT-VALUE}).")
    private String source;

    @Override
    public Integer call() {
        ProbeRules rules = rulesFile == null ? ProbeRules.defaults() : ProbeRules.read(rulesFile);
        try (AlertSources sources = new AlertSources(services())) {
            List<RuleResult> results = new AlertProbe(rules.build(rule, sources.sources())).evaluate();
            AlertState state = AlertProbe.overall(results);
            AlertPush.Outcome pushed = null;
            String pushFailure = null;
            if (push) {
                try {
                    pushed = new AlertPush(sources.alertmanager(), source, AlertPush.DEFAULT_RESOLVE_AFTER)
                            .push(results, Instant.now());
                } catch (RuntimeException e) {
                    pushFailure = e instanceof io.somactl.core.ServerUnreachableException unreachable
                            ? unreachable.advice()
                            : e.getMessage();
                    state = state.worse(AlertState.UNKNOWN); // the states still print; the push is retried next run
                }
            }
            render(results, pushed);
            if (pushFailure != null) {
                err().println("error: --push: " + pushFailure);
                err().flush();
            }
            return state.nagiosCode();
        }
    }

    private void render(List<RuleResult> results, AlertPush.Outcome pushed) {
        if (output.format() == OutputFormat.json || output.format() == OutputFormat.yaml) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("state", AlertProbe.overall(results).word());
            List<Object> rules = new ArrayList<>();
            for (RuleResult result : results) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("rule", result.rule());
                r.put("state", result.state().word());
                r.put("summary", result.summary());
                List<Object> findings = new ArrayList<>();
                for (Finding finding : result.findings()) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("state", finding.state().word());
                    f.put("pending", finding.pending());
                    f.put("labels", finding.labels());
                    if (finding.value() != null) {
                        f.put("value", finding.value());
                    }
                    f.put("evidence", finding.evidence());
                    findings.add(f);
                }
                r.put("findings", findings);
                rules.add(r);
            }
            document.put("rules", rules);
            if (pushed != null) {
                document.put(
                        "pushed",
                        Map.of(
                                "firing",
                                pushed.firing().size(),
                                "resolved",
                                pushed.resolved().size()));
            }
            Documents.render(document, output.format(), out());
            return;
        }
        Table table = Table.withColumns("rule", "state", "labels", "evidence");
        for (RuleResult result : results) {
            List<Finding> shown = result.findings().stream()
                    .filter(f -> f.state() != AlertState.OK)
                    .toList();
            if (shown.isEmpty()) {
                table.row(result.rule(), result.state().word(), "", result.summary());
            }
            for (Finding finding : shown) {
                table.row(
                        result.rule(),
                        finding.state().word() + (finding.pending() ? " (pending)" : ""),
                        labels(finding.labels()),
                        finding.evidence());
            }
        }
        output.render(table, out());
        if (pushed != null) {
            err().println("pushed to Alertmanager: " + pushed.firing().size() + " firing, "
                    + pushed.resolved().size() + " resolved");
            err().flush();
        }
    }

    private static String labels(Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        labels.forEach((name, value) ->
                text.append(text.isEmpty() ? "" : ",").append(name).append('=').append(value));
        return text.toString();
    }
}
