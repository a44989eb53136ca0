package io.somactl.core.scoring;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the telemetry says about one model over a window: its request count and the raw value of
 * each component it has (absent: the model cannot have it, or no event reported it).
 */
public record ModelStats(String model, long requests, Map<Component, BigDecimal> raw) {
    public ModelStats {
        Objects.requireNonNull(model, "model");
        if (requests < 0) {
            throw new IllegalArgumentException("requests must be >= 0");
        }
        Map<Component, BigDecimal> copy = new EnumMap<>(Component.class);
        raw.forEach((c, v) -> copy.put(c, Objects.requireNonNull(v, c.key())));
        raw = Collections.unmodifiableMap(copy);
    }

    public static Builder builder(String model, long requests) {
        return new Builder(model, requests);
    }

    public static final class Builder {
        private final String model;
        private final long requests;
        private final Map<Component, BigDecimal> raw = new EnumMap<>(Component.class);

        private Builder(String model, long requests) {
            this.model = model;
            this.requests = requests;
        }

        /** Sets a component; a null or non-finite value leaves it absent. */
        public Builder put(Component component, Double value) {
            if (value != null && Double.isFinite(value)) {
                raw.put(component, BigDecimal.valueOf(value));
            }
            return this;
        }

        public Builder put(Component component, BigDecimal value) {
            if (value != null) {
                raw.put(component, value);
            }
            return this;
        }

        public ModelStats build() {
            return new ModelStats(model, requests, raw);
        }
    }
}
