package io.somactl.core.clickhouse;

import io.somactl.core.SomactlException;
import java.net.URI;
import java.time.Duration;

/** ClickHouse accepted the connection but did not answer within the timeout. */
public class ClickHouseTimeoutException extends SomactlException {
    public ClickHouseTimeoutException(URI url, Duration timeout, Throwable cause) {
        super(
                "ClickHouse at " + url + " did not answer within " + timeout.toSeconds()
                        + " s; raise --timeout or check the server's load",
                cause);
    }
}
