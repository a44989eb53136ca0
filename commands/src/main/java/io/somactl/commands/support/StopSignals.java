package io.somactl.commands.support;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a request to stop, for long-running workers: the first signal runs
 * {@code stop} and the command goes on to finish and return its own exit code (0 for a clean
 * stop) instead of the JVM exiting 143 or 130 from a shutdown hook. A second signal exits at
 * once with 128 + the signal's number. {@link #close()} puts back the handlers that were there
 * (the JVM's, or the shell's for Ctrl-C).
 */
public final class StopSignals implements AutoCloseable {
    private final List<Installed> installed = new ArrayList<>();
    private volatile boolean requested;

    private StopSignals() {}

    /** Installs the handlers; where a signal cannot be handled (e.g. {@code -Xrs}), the JVM's default stays. */
    public static StopSignals install(Runnable stop) {
        StopSignals signals = new StopSignals();
        for (String name : List.of("TERM", "INT")) {
            Signal signal = new Signal(name);
            try {
                SignalHandler previous = Signal.handle(signal, s -> signals.received(s, stop));
                signals.installed.add(new Installed(signal, previous));
            } catch (IllegalArgumentException taken) {
                // the JVM keeps this signal for itself: its shutdown hook path applies
            }
        }
        return signals;
    }

    /** True once a stop was asked for by a signal. */
    public boolean requested() {
        return requested;
    }

    private void received(Signal signal, Runnable stop) {
        if (requested) {
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        requested = true;
        stop.run();
    }

    @Override
    public void close() {
        for (Installed one : installed) {
            Signal.handle(one.signal(), one.previous());
        }
        installed.clear();
    }

    private record Installed(Signal signal, SignalHandler previous) {}
}
