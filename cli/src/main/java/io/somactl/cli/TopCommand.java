package io.somactl.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somactl.commands.support.Documents;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputFormat;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.TableRenderer;
import io.somactl.commands.support.Terminals;
import io.somactl.core.config.Settings;
import io.somactl.core.top.LiveTopSources;
import io.somactl.core.top.TopModel;
import io.somactl.core.top.TopService;
import io.somactl.core.top.TopSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(
        name = "top",
        description = {
            "The operator dashboard: spend in the last hour and today (UTC) per tenant and model, the top personas, budgets",
            "nearing or past a warning step with time to reset, ingest lag and dead letters, and anomaly flags.",
            "On a terminal it fills the screen and refreshes (keys: s sort, t or / filter by tenant, q quit); a panel whose",
            "server does not answer in time keeps its last data, marked stale. Otherwise (or with --once) it prints one snapshot."
        })
public final class TopCommand extends ServerCommand {
    @Mixin
    private OutputOptions output;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "5s",
            description = "Refresh every DURATION on a terminal (default: ${DEFAULT-VALUE}).")
    private String interval;

    @Option(
            names = "--panel-timeout",
            paramLabel = "DURATION",
            defaultValue = "3s",
            description = "Longest wait for one panel's server before it is marked stale (default: ${DEFAULT-VALUE}).")
    private String panelTimeout;

    @Option(
            names = "--group",
            paramLabel = "GROUP",
            defaultValue = "somactl-ingest",
            description = "The ingest consumer group whose lag is shown (default: ${DEFAULT-VALUE}).")
    private String group;

    @Option(
            names = "--tenant",
            paramLabel = "TENANT",
            description = "Show only tenants whose name contains this (t or / changes it).")
    private String tenant;

    @Option(names = "--once", description = "Print one snapshot even on a terminal.")
    private boolean once;

    @Override
    public Integer call() {
        Duration every = duration("--interval", interval);
        Duration timeout = duration("--panel-timeout", panelTimeout);
        Settings settings = settings();
        TopModel.View view = TopModel.View.initial().filter(tenant);
        try (TopService service = new TopService(new LiveTopSources(settings, group), timeout, Clock.systemUTC())) {
            if (!once && Terminals.interactive()) {
                try {
                    new TopScreen(service, view, every, group, settings.context()).run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return ExitCode.OK;
            }
            print(service.refresh(), view);
            return ExitCode.OK;
        }
    }

    private Duration duration(String option, String text) {
        try {
            Duration duration = Settings.parseDuration(option, text);
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(option + " must be positive: " + text);
            }
            return duration;
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void print(TopSnapshot snapshot, TopModel.View view) {
        List<TopTables.Panel> panels = TopTables.panels(snapshot, view, group);
        PrintWriter out = out();
        OutputFormat format = output.format();
        if (format == OutputFormat.json || format == OutputFormat.yaml) {
            ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            json.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
            ObjectNode document = json.createObjectNode();
            document.put("taken_at", snapshot.takenAt().toString());
            document.put("last_hour_since", snapshot.hourSince().toString());
            document.put("today_since", snapshot.daySince().toString());
            document.put("until", snapshot.until().toString());
            ObjectNode status = document.putObject("status");
            TopTables.statuses(panels).forEach(status::put);
            for (TopTables.Panel panel : panels) {
                StringWriter text = new StringWriter();
                TableRenderer.render(panel.table(), OutputFormat.json, new PrintWriter(text));
                try {
                    document.set(panel.name(), json.readTree(text.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Documents.render(document, format, out); // the one writer of documents: exact decimals, YAML typed as JSON
            return;
        }
        boolean first = true;
        for (TopTables.Panel panel : panels) {
            if (!first) {
                out.println();
            }
            first = false;
            String heading = panel.title() + (panel.status().equals("fresh") ? "" : "  [" + panel.status() + "]");
            out.println(format == OutputFormat.csv ? "# " + heading : heading);
            TableRenderer.render(panel.table(), format, out);
        }
        out.flush();
    }
}
