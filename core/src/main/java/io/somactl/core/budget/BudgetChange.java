package io.somactl.core.budget;

/**
 * One difference between what Redis holds and what is wanted: a limit added, removed or changed, or
 * a tenant's time zone changed ({@code id} is then {@code time-zone}).
 */
public record BudgetChange(Kind kind, String tenant, String persona, String id, String before, String after) {
    public enum Kind {
        ADD,
        REMOVE,
        CHANGE
    }

    public boolean isTimeZone() {
        return "time-zone".equals(id);
    }

    public String scope() {
        return persona == null ? tenant : tenant + "/" + persona;
    }

    /** {@code + acme daily:total-tokens limit=…}, {@code - …}, {@code ~ … before -> after}: the dry-run diff line. */
    public String line() {
        return switch (kind) {
            case ADD -> "+ " + scope() + " " + id + " " + after;
            case REMOVE -> "- " + scope() + " " + id + " " + before;
            case CHANGE -> "~ " + scope() + " " + id + " " + before + " -> " + after;
        };
    }

    /** The audit action this change is recorded as. */
    public String auditAction() {
        if (isTimeZone()) {
            return AuditEntry.TIME_ZONE_SET;
        }
        return kind == Kind.REMOVE ? AuditEntry.LIMIT_REMOVED : AuditEntry.LIMIT_SET;
    }
}
