package io.somactl.core.calls;

import io.somactl.core.report.TimeRange;
import io.somactl.core.text.Printable;
import java.util.List;
import java.util.Set;

/**
 * Which calls {@code calls list} shows: those whose first turn falls in {@code range}, of the given
 * tenants (empty: all), with the given final outcome (null: any), newest first, at most {@code limit}.
 */
public record CallFilter(TimeRange range, List<String> tenants, String outcome, int limit) {
    public static final Set<String> OUTCOMES = Set.of("success", "fail", "voicemail", "no_answer", "busy");

    public CallFilter {
        tenants = List.copyOf(tenants);
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException(Printable.quote(outcome) + " is not a call outcome: use one of "
                    + String.join(", ", new java.util.TreeSet<>(OUTCOMES)));
        }
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1");
        }
    }
}
