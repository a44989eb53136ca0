package io.somactl.core.doctor;

import io.somactl.core.text.Redaction;
import java.time.Duration;

/**
 * One server's answer to {@code doctor}: up with its version and round trip, down with why, or not
 * configured (an optional server, Prometheus or Alertmanager, that the context does not name: not a failure).
 */
public record HealthReport(
        String server,
        String address,
        boolean up,
        String version,
        Duration latency,
        String problem,
        boolean configured) {
    /** Address and problem never carry a password (a URL's, or one a client library echoed). */
    public HealthReport {
        address = Redaction.redact(address);
        problem = Redaction.redact(problem);
    }

    public HealthReport(String server, String address, boolean up, String version, Duration latency, String problem) {
        this(server, address, up, version, latency, problem, true);
    }

    public static HealthReport up(String server, String address, String version, Duration latency) {
        return new HealthReport(server, address, true, version, latency, "");
    }

    public static HealthReport down(String server, String address, String problem) {
        return new HealthReport(server, address, false, "", Duration.ZERO, problem);
    }

    public static HealthReport notConfigured(String server, String setting) {
        return new HealthReport(server, "-", false, "", Duration.ZERO, setting + " is not set in this context", false);
    }

    /** Down and configured: what makes {@code doctor} fail. */
    public boolean failed() {
        return configured && !up;
    }

    /** up, down or not-configured. */
    public String state() {
        return !configured ? "not-configured" : up ? "up" : "down";
    }
}
