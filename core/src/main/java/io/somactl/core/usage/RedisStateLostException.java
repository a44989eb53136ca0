package io.somactl.core.usage;

import io.somactl.core.SomactlException;

/**
 * Redis no longer holds ingest's marker key: it was flushed, or restarted without its data, and
 * the usage counters are gone with it. Ingest rebuilds them from ClickHouse before it counts more.
 */
public class RedisStateLostException extends SomactlException {
    public RedisStateLostException(String message) {
        super(message);
    }
}
