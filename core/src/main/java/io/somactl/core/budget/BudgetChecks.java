package io.somactl.core.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The budget decision for a proposed action ({@code budget check}) and the budgets' state
 * ({@code budget show}), over Redis: definitions from {@link RedisBudgetStore}, measurement and
 * reservation in one atomic {@link RedisBudgetCheck} script. Safe to share between threads.
 */
public final class BudgetChecks {
    private static final Pattern RESERVATION_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private final RedisBudgetStore store;
    private final RedisBudgetCheck check;
    private final Clock clock;
    private final Duration reservationTtl;
    // Definitions kept between checks (only scopes with limits): every check's script compares their version
    // with Redis's, atomically, and a changed one is read again, so a decision never uses old definitions.
    private final Map<String, RedisBudgetStore.Scope> definitions = new ConcurrentHashMap<>();

    public BudgetChecks(RedisBudgetStore store, RedisBudgetCheck check, Clock clock, Duration reservationTtl) {
        this.store = store;
        this.check = check;
        this.clock = clock;
        this.reservationTtl = reservationTtl;
    }

    /** Decides, and reserves the request unless it is refused ({@code reserve} false: decide only). */
    public CheckResult check(BudgetRequest request, boolean reserve) {
        String scopeKey = request.tenant() + "/" + (request.persona() == null ? "" : request.persona());
        RedisBudgetStore.Scope scope = definitions.get(scopeKey);
        if (scope == null) {
            scope = read(scopeKey, request);
        }
        TenantBudgets budgets = scope.budgets();
        Instant now = clock.instant();
        boolean anyLimit = !budgets.tenantLimits().isEmpty()
                || !budgets.limits(request.persona()).isEmpty();
        if (!anyLimit) {
            return new CheckResult(
                    request,
                    Decision.ALLOW,
                    null,
                    "no budget applies to " + request.tenant()
                            + (request.persona() == null ? "" : "/" + request.persona()),
                    List.of(),
                    false,
                    null,
                    null,
                    Optional.empty(),
                    budgets.timeZone(),
                    true,
                    "",
                    "");
        }
        String id = reserve ? UUID.randomUUID().toString() : null;
        Instant until = reserve ? now.plus(reservationTtl) : null;
        RedisBudgetCheck.Measurement measured = check.measure(budgets, scope.version(), request, now, until, id);
        for (int attempt = 0; measured == null; attempt++) {
            // the definitions changed since this process read them: read them again (nothing was reserved)
            if (attempt == 5) {
                throw new io.somactl.core.SomactlException(
                        "the budgets of tenant " + request.tenant() + " kept changing during the check; try again");
            }
            scope = read(scopeKey, request);
            budgets = scope.budgets();
            if (budgets.tenantLimits().isEmpty()
                    && budgets.limits(request.persona()).isEmpty()) {
                return check(request, reserve);
            }
            measured = check.measure(budgets, scope.version(), request, now, until, id);
        }
        return result(request, reserve, budgets, measured, now, id, until);
    }

    /**
     * {@link #check} without waiting for Redis, for a server that keeps many checks in flight (bench/budget-check):
     * with the definitions kept, one script call whose reply completes the decision on Lettuce's I/O thread.
     * Everything else (definitions not read yet or changed, an override to read) goes to the waiting
     * {@link #check} on {@code blocking}, never on the I/O thread. Same decisions, same reservations.
     */
    public CompletableFuture<CheckResult> checkAsync(BudgetRequest request, boolean reserve, Executor blocking) {
        String scopeKey = request.tenant() + "/" + (request.persona() == null ? "" : request.persona());
        RedisBudgetStore.Scope scope = definitions.get(scopeKey);
        if (scope == null) {
            return CompletableFuture.supplyAsync(() -> check(request, reserve), blocking);
        }
        TenantBudgets budgets = scope.budgets();
        if (budgets.tenantLimits().isEmpty()
                && budgets.limits(request.persona()).isEmpty()) {
            return CompletableFuture.supplyAsync(() -> check(request, reserve), blocking);
        }
        Instant now = clock.instant();
        String id = reserve ? UUID.randomUUID().toString() : null;
        Instant until = reserve ? now.plus(reservationTtl) : null;
        return check.measureAsync(budgets, scope.version(), request, now, until, id)
                .thenCompose(measured -> {
                    if (measured == null) { // the definitions changed (nothing was reserved): read them again
                        return CompletableFuture.supplyAsync(() -> check(request, reserve), blocking);
                    }
                    if (measured.tenantOverride() || measured.personaOverride()) {
                        return CompletableFuture.supplyAsync(
                                () -> result(request, reserve, budgets, measured, now, id, until), blocking);
                    }
                    return CompletableFuture.completedFuture(
                            result(request, reserve, budgets, measured, now, id, until));
                });
    }

    private CheckResult result(
            BudgetRequest request,
            boolean reserve,
            TenantBudgets budgets,
            RedisBudgetCheck.Measurement measured,
            Instant now,
            String id,
            Instant until) {
        Verdict verdict = Verdict.of(measured.budgets(), budgets.timeZone(), now);
        Optional<BudgetOverride> override = Optional.empty();
        if (measured.personaOverride()) {
            override = store.override(request.tenant(), request.persona());
        }
        if (override.isEmpty() && measured.tenantOverride()) {
            override = store.override(request.tenant(), null);
        }
        boolean refused = measured.budgets().stream().anyMatch(BudgetUsage::refuses);
        if (refused == measured.reserved() && reserve) {
            throw new IllegalStateException("budget script and decision disagree for " + request);
        }
        return new CheckResult(
                request,
                verdict.decision(),
                verdict.downgradeTo(),
                verdict.reason(),
                measured.budgets(),
                measured.reserved(),
                measured.reserved() ? id : null,
                measured.reserved() ? until : null,
                override,
                budgets.timeZone(),
                true,
                "",
                "");
    }

    /**
     * Releases a reservation made by {@link #check} once the action is done (or abandoned), so it
     * stops counting against the budgets before its time-to-live ends. False if there was none.
     *
     * @throws IllegalArgumentException for an id that is not a reservation id (a UUID)
     */
    public boolean release(String tenant, String reservationId) {
        if (reservationId == null || !RESERVATION_ID.matcher(reservationId).matches()) {
            throw new IllegalArgumentException(
                    "not a reservation id (budget check prints one, a UUID): " + reservationId);
        }
        return check.release(tenant, reservationId.toLowerCase(Locale.ROOT));
    }

    /** Every budget of the tenant measured now (nothing requested, nothing reserved), tenant's first. */
    public List<BudgetUsage> show(TenantBudgets budgets) {
        Instant now = clock.instant();
        List<BudgetUsage> all = new ArrayList<>();
        if (!budgets.tenantLimits().isEmpty()) {
            all.addAll(check.measure(budgets, BudgetRequest.nothing(budgets.tenant(), null), now, null, null)
                    .budgets());
        }
        for (String persona : budgets.personaLimits().keySet()) {
            TenantBudgets personaOnly = new TenantBudgets(
                    budgets.tenant(),
                    budgets.timeZone(),
                    List.of(),
                    java.util.Map.of(persona, budgets.limits(persona)));
            all.addAll(check.measure(personaOnly, BudgetRequest.nothing(budgets.tenant(), persona), now, null, null)
                    .budgets());
        }
        return all;
    }

    private RedisBudgetStore.Scope read(String scopeKey, BudgetRequest request) {
        RedisBudgetStore.Scope scope = store.readVersioned(request.tenant(), request.persona());
        if (scope.budgets().tenantLimits().isEmpty()
                && scope.budgets().limits(request.persona()).isEmpty()) {
            definitions.remove(scopeKey);
        } else {
            if (definitions.size() >= 10_000) {
                definitions.clear();
            }
            definitions.put(scopeKey, scope);
        }
        return scope;
    }

    public Instant now() {
        return clock.instant();
    }
}
