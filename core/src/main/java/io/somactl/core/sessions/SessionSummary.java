package io.somactl.core.sessions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One agent session (tenant, session id) summed up from every event of it in ClickHouse: its time span,
 * requests (priced events: SLM requests, escalations, voice turns), tokens by class, exact cost, the cost
 * of each response in order, the models used, its escalations with their estimated extra cost, and
 * policy blocks. {@code escalations} is empty where only the count was read ({@code sessions list}).
 */
public record SessionSummary(
        String tenant,
        String sessionId,
        String persona,
        Instant firstEventAt,
        Instant lastEventAt,
        long events,
        long requests,
        long inputTokens,
        long cachedReadTokens,
        long cachedWriteTokens,
        long outputTokens,
        long reasoningTokens,
        BigDecimal costUsd,
        List<Response> responses,
        List<String> models,
        List<Escalation> escalations,
        long escalationCount,
        BigDecimal escalationExtraCostUsd,
        long policyBlocks) {

    /** A priced event of the session: {@code kind} slm, escalation or voice. */
    public record Response(Instant at, String kind, String model, BigDecimal costUsd) {}

    /**
     * An escalation, with the model it replaced (the SLM request of the same tenant and request id) priced
     * with the escalation's own tokens; {@code fromModel}, {@code replacedCostUsd} and {@code extraCostUsd}
     * are null when that request is not stored or its model had no price then.
     */
    public record Escalation(
            String tenant,
            String eventId,
            String sessionId,
            String persona,
            Instant at,
            String requestId,
            String fromModel,
            String toModel,
            long inputTokens,
            long outputTokens,
            long reasoningTokens,
            BigDecimal costUsd,
            BigDecimal replacedCostUsd,
            BigDecimal extraCostUsd) {}

    public long totalTokens() {
        return inputTokens + cachedReadTokens + cachedWriteTokens + outputTokens + reasoningTokens;
    }
}
