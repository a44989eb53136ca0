package io.somactl.core.doctor;

import io.somactl.core.text.Redaction;
import java.time.Duration;

/** One server's answer to {@code doctor}: up with its version and round trip, or down with why. */
public record HealthReport(String server, String address, boolean up, String version, Duration latency, String problem) {
    /** Address and problem never carry a password (a URL's, or one a client library echoed). */
    public HealthReport {
        address = Redaction.redact(address);
        problem = Redaction.redact(problem);
    }

    public static HealthReport up(String server, String address, String version, Duration latency) {
        return new HealthReport(server, address, true, version, latency, "");
    }

    public static HealthReport down(String server, String address, String problem) {
        return new HealthReport(server, address, false, "", Duration.ZERO, problem);
    }
}
