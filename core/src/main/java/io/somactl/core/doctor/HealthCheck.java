package io.somactl.core.doctor;

/** Asks one server whether it is there and what it runs. Never throws: a failure is a report. */
public interface HealthCheck {
    String server();

    String address();

    HealthReport check();
}
