package io.somactl.core.budget;

import io.somactl.core.usage.UsageWindow;
import java.time.Instant;

/** One usage counter a window reads: a UTC hour, day or month bucket, by its start. */
public record Bucket(UsageWindow unit, Instant start) {}
