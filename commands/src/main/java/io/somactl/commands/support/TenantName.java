package io.somactl.commands.support;

import io.somactl.core.budget.Names;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every {@code --tenant}: a name the event contract allows (1-64 ASCII letters, digits, '.', '_', '-'),
 * checked while the command line is read, so a name no tenant can have is a usage error (exit 2) that
 * quotes it safely, before any server is asked and before it can reach SQL or a Redis key.
 */
public final class TenantName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            return Names.tenant(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
