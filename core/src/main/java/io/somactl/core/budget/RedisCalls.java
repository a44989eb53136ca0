package io.somactl.core.budget;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Redis reply within the timeout and turns Lettuce's failures into somactl's. */
final class RedisCalls {
    private final Duration timeout;
    private final String address;

    RedisCalls(Duration timeout, String address) {
        this.timeout = timeout;
        this.address = address;
    }

    <T> T await(RedisFuture<T> future) {
        return await((java.util.concurrent.Future<T>) future);
    }

    <T> T await(java.util.concurrent.Future<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ServerUnreachableException("Redis", address, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while waiting for Redis", e);
        }
    }

    /** What a failed call becomes: somactl's exception for Lettuce's (a NOSCRIPT reply as it is). */
    RuntimeException failure(Throwable cause) {
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RedisCommandTimeoutException || cause instanceof RedisConnectionException) {
            return new ServerUnreachableException("Redis", address, cause);
        }
        if (cause instanceof io.lettuce.core.RedisNoScriptException noScript) {
            return noScript;
        }
        if (cause instanceof RuntimeException own && !(cause instanceof io.lettuce.core.RedisException)) {
            return own; // thrown by a step chained after the call (somactl's own, or a broken invariant)
        }
        return new SomactlException("Redis refused a budget command: " + cause.getMessage(), cause);
    }
}
