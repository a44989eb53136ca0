package io.somactl.core.ingest;

import java.lang.management.ManagementFactory;

/** With {@code -Dsomactl.trace=true}, ingest says on stderr when each phase of its life happens (ms since JVM start). */
public final class IngestTrace {
    private static final boolean ON = Boolean.getBoolean("somactl.trace");

    private IngestTrace() {}

    public static boolean on() {
        return ON;
    }

    public static void mark(String phase) {
        if (ON) {
            System.err.println("trace " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms: " + phase);
        }
    }
}
