package io.somactl.core.pricing;

import io.somactl.core.SomactlException;
import java.util.List;

/**
 * A pricing catalog cannot be read or is invalid. Carries every problem found in one pass, each
 * prefixed with the place it refers to (e.g. {@code models.llama-3.1-70b[0].output: missing price}).
 */
public class PricingCatalogException extends SomactlException {
    private final String source;
    private final List<String> problems;

    public PricingCatalogException(String source, List<String> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public PricingCatalogException(String source, String problem, Throwable cause) {
        super(message(source, List.of(problem)), cause);
        this.source = source;
        this.problems = List.of(problem);
    }

    /** Where the catalog came from (a file path, or {@code bundled default catalog}). */
    public String source() {
        return source;
    }

    /** All problems found, in document order, each starting with its location. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        if (problems.size() == 1) {
            return "invalid pricing catalog " + source + ": " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("invalid pricing catalog ")
                .append(source)
                .append(": ")
                .append(problems.size())
                .append(" problems:");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
