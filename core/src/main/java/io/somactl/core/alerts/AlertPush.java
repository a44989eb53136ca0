package io.somactl.core.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends the probe's firing findings to Alertmanager and resolves the ones that cleared, so that
 * running {@code alerts probe --push} every minute from cron neither duplicates nor flaps:
 * <ul>
 *   <li>an alert's labels are the rule's name ({@code alertname}), the finding's identifying labels
 *       (tenant, persona, budget, model, instance...), its {@code severity} and {@code source}; the
 *       numbers go in annotations, so the same condition is the same alert (one fingerprint) run after run;
 *   <li>a firing alert is sent with {@code endsAt} = now + {@code resolveAfter} (5 minutes): each run
 *       extends it, and if the probe stops running Alertmanager resolves it by itself;
 *   <li>an alert sent again keeps the {@code startsAt} Alertmanager holds for it, so it never restarts;
 *   <li>active alerts of this {@code source} for a rule that was evaluated (ok, warning or critical,
 *       not unknown) and that this run did not send again are resolved: sent with {@code endsAt} = now.
 * </ul>
 * Pending findings (a worker down for less than its {@code for}) are not sent, as with Prometheus.
 */
public final class AlertPush {
    /** The label that marks alerts sent by the probe (its value: {@link #DEFAULT_SOURCE} unless told). */
    public static final String SOURCE_LABEL = "source";

    public static final String DEFAULT_SOURCE = "somactl-alerts-probe";
    public static final Duration DEFAULT_RESOLVE_AFTER = Duration.ofMinutes(5);

    /** What one push did: alerts sent firing, and alerts resolved. */
    public record Outcome(List<AlertmanagerApi.Alert> firing, List<AlertmanagerApi.Alert> resolved) {}

    private final AlertmanagerApi alertmanager;
    private final String source;
    private final Duration resolveAfter;

    public AlertPush(AlertmanagerApi alertmanager, String source, Duration resolveAfter) {
        this.alertmanager = alertmanager;
        this.source = source;
        this.resolveAfter = resolveAfter;
    }

    public Outcome push(List<RuleResult> results, Instant now) {
        // What this source has active now: an alert sent again keeps its startsAt, so it never restarts.
        Map<Map<String, String>, AlertmanagerApi.Alert> active = new HashMap<>();
        for (AlertmanagerApi.Alert alert : alertmanager.active(Map.of(SOURCE_LABEL, source))) {
            active.put(alert.labels(), alert);
        }
        List<AlertmanagerApi.Alert> firing = new ArrayList<>();
        Set<Map<String, String>> sent = new HashSet<>();
        Set<String> evaluated = new HashSet<>();
        for (RuleResult result : results) {
            if (result.state() != AlertState.UNKNOWN) {
                evaluated.add(result.rule());
            }
            for (Finding finding : result.findings()) {
                if (!finding.state().firing() || finding.pending()) {
                    continue;
                }
                Map<String, String> labels = labels(result.rule(), finding);
                if (!sent.add(labels)) {
                    continue;
                }
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put("summary", finding.evidence());
                annotations.put("state", finding.state().word());
                AlertmanagerApi.Alert already = active.get(labels);
                Instant startsAt = already == null || already.startsAt().isAfter(now) ? now : already.startsAt();
                firing.add(new AlertmanagerApi.Alert(labels, annotations, startsAt, now.plus(resolveAfter)));
            }
        }
        List<AlertmanagerApi.Alert> resolved = new ArrayList<>();
        active.forEach((labels, alert) -> {
            String rule = labels.get("alertname");
            if (rule != null && evaluated.contains(rule) && !sent.contains(labels)) {
                Map<String, String> annotations = new LinkedHashMap<>(alert.annotations());
                annotations.put("state", "ok");
                Instant startsAt = alert.startsAt().isAfter(now) ? now.minusMillis(1) : alert.startsAt();
                resolved.add(new AlertmanagerApi.Alert(labels, annotations, startsAt, now));
            }
        });
        List<AlertmanagerApi.Alert> all = new ArrayList<>(firing);
        all.addAll(resolved);
        alertmanager.post(all);
        return new Outcome(firing, resolved);
    }

    private Map<String, String> labels(String rule, Finding finding) {
        Map<String, String> labels = new java.util.TreeMap<>();
        finding.labels().forEach((name, value) -> {
            if (!value.isEmpty()) {
                labels.put(name, value); // Alertmanager drops empty labels; so do we, to compare like with like
            }
        });
        labels.put("alertname", rule);
        labels.put("severity", finding.state().word());
        labels.put(SOURCE_LABEL, source);
        return labels;
    }
}
