package io.somactl.core.alerts;

/** One rule {@code somactl alerts probe} evaluates. Never throws for a server that does not answer: that is unknown. */
public interface ProbeRule {
    String name();

    /** What the rule checks, in one line (for --help-like listings and the docs). */
    String description();

    RuleResult evaluate();
}
