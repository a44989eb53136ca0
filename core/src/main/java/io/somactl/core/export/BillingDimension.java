package io.somactl.core.export;

import io.somactl.core.text.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What billing rows can be grouped by, in the order they appear in a file. */
public enum BillingDimension {
    TENANT,
    PERSONA,
    MODEL;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code tenant,persona,model} in any order and any subset that includes tenant (finance bills
     * tenants); the result is in file order. Duplicates are refused.
     */
    public static List<BillingDimension> parseList(List<String> names) {
        List<BillingDimension> chosen = new ArrayList<>();
        for (String name : names) {
            String value = name.strip().toLowerCase(Locale.ROOT);
            BillingDimension dimension = null;
            for (BillingDimension d : values()) {
                if (d.column().equals(value)) {
                    dimension = d;
                }
            }
            if (dimension == null) {
                throw new IllegalArgumentException(
                        "cannot group billing by " + Printable.quote(name) + ": use tenant, persona and/or model");
            }
            if (chosen.contains(dimension)) {
                throw new IllegalArgumentException(Printable.quote(value) + " is listed twice in --group-by");
            }
            chosen.add(dimension);
        }
        if (!chosen.contains(TENANT)) {
            throw new IllegalArgumentException(
                    "billing is per tenant: --group-by must include tenant (e.g. tenant,model)");
        }
        return List.of(values()).stream().filter(chosen::contains).toList();
    }
}
