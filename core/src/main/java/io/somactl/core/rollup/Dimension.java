package io.somactl.core.rollup;

import io.somactl.core.text.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code somactl aggregate} groups by. Not every event carries every dimension: only model
 * requests have a role and a deployment mode; tools, policy and audio events have no model. Their
 * figures appear under an empty value (shown as {@code -}) when grouped by what they lack. Voice
 * turns are the model {@code voice}, as in billing exports.
 */
public enum Dimension {
    TENANT,
    PERSONA,
    MODEL,
    ROLE,
    DEPLOYMENT_MODE;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The base table's column for this dimension in {@code source}. */
    String baseColumn(RollupSource source) {
        if (this == MODEL) {
            return switch (source) {
                case SLM -> "model_id";
                case ESCALATION -> "oss_model_id";
                default -> throw new IllegalStateException(source + " has no model");
            };
        }
        return column();
    }

    /** A list like {@code tenant,model} (also deployment-mode); order kept, duplicates refused. */
    public static List<Dimension> parseList(List<String> names) {
        List<Dimension> chosen = new ArrayList<>();
        for (String name : names) {
            String value = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            Dimension found = null;
            for (Dimension d : values()) {
                if (d.column().equals(value)) {
                    found = d;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("cannot group by " + Printable.quote(name)
                        + ": use tenant, persona, model, role or deployment_mode");
            }
            if (chosen.contains(found)) {
                throw new IllegalArgumentException(Printable.quote(value) + " is listed twice in --group-by");
            }
            chosen.add(found);
        }
        return List.copyOf(chosen);
    }
}
