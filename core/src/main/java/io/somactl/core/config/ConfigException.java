package io.somactl.core.config;

import io.somactl.core.SomactlException;

/** The configuration cannot be read or does not make sense; the message names the file and key. */
public class ConfigException extends SomactlException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
