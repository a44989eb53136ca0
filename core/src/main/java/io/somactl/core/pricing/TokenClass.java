package io.somactl.core.pricing;

/** The token classes a model price period prices separately, with their catalog keys. */
public enum TokenClass {
    INPUT("input"),
    CACHED_INPUT_READ("cached_input_read"),
    CACHED_INPUT_WRITE("cached_input_write"),
    OUTPUT("output"),
    REASONING("reasoning");

    private final String key;

    TokenClass(String key) {
        this.key = key;
    }

    /** The YAML key of this class's price, e.g. {@code cached_input_read}. */
    public String key() {
        return key;
    }
}
