package io.somactl.core.usage;

import io.somactl.core.SomactlException;

/**
 * Redis already counted offsets this batch covers: another worker (or a rebuild) got there first.
 * The worker re-reads the watermarks and counts only what is left.
 */
public class WatermarkConflictException extends SomactlException {
    public WatermarkConflictException(String tenant, String partitionField, String applied) {
        super("usage counters of tenant " + tenant + " already cover " + partitionField + " up to offset " + applied);
    }
}
