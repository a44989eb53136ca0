package io.somactl.core.clickhouse;

import io.somactl.core.SomactlException;

/** The thread waiting for ClickHouse was interrupted (Ctrl-C, shutdown). */
public class ClickHouseInterruptedException extends SomactlException {
    public ClickHouseInterruptedException(InterruptedException cause) {
        super("interrupted while waiting for ClickHouse", cause);
    }
}
