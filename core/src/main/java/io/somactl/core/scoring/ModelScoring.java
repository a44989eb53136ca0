package io.somactl.core.scoring;

import io.somactl.core.report.TimeRange;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code score models}: reads the window's statistics, ranks the models globally (and per value of
 * {@code by}), writes each ranking's JSON to its Redis key and its rows to the history table.
 * Running it again for the same window replaces the history rows and the keys (cron-safe).
 */
public final class ModelScoring {
    private final ModelStatsQuery query;
    private final ScoreStore store;

    /** @param store null: compute only, publish nothing */
    public ModelScoring(ModelStatsQuery query, ScoreStore store) {
        this.query = query;
        this.store = store;
    }

    /** A ranking, its JSON text, and whether its Redis key took it (false: a later window is there, or not published). */
    public record Scored(Ranking ranking, String json, boolean published) {}

    /** The global ranking first, then one per value of {@code by} (none when by is null). */
    public List<Scored> run(TimeRange window, ScoreDimension by, Weights weights, long minRequests, Instant now) {
        Instant computedAt = now.truncatedTo(ChronoUnit.SECONDS);
        List<Ranking> rankings = new ArrayList<>();
        rankings.add(Scorer.rank(
                "global",
                "",
                window.since(),
                window.until(),
                computedAt,
                query.read(window, null).getOrDefault("", List.of()),
                weights,
                minRequests));
        if (by != null) {
            for (Map.Entry<String, List<ModelStats>> group :
                    query.read(window, by).entrySet()) {
                rankings.add(Scorer.rank(
                        by.key(),
                        group.getKey(),
                        window.since(),
                        window.until(),
                        computedAt,
                        group.getValue(),
                        weights,
                        minRequests));
            }
        }
        List<Scored> scored = new ArrayList<>();
        if (store != null) {
            store.append(rankings);
        }
        for (Ranking r : rankings) {
            String json = RankingJson.write(r);
            scored.add(new Scored(r, json, store != null && store.publish(r, json)));
        }
        return scored;
    }
}
