package io.somactl.core.budget;

import io.somactl.core.text.Printable;
import java.util.regex.Pattern;

/** Tenant and persona names as the event contract allows them (schemas/*.schema.json), checked before they reach a key. */
public final class Names {
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PERSONA = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+=-]{0,127}");

    private Names() {}

    public static String tenant(String name) {
        if (name == null || !TENANT.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    Printable.quote(name) + " is not a tenant name (1-64 letters, digits, '.', '_' or '-', "
                            + "starting with a letter or digit)");
        }
        return name;
    }

    public static String persona(String name) {
        if (name == null || !PERSONA.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    Printable.quote(name) + " is not a persona name (a slug such as support-agent)");
        }
        return name;
    }
}
