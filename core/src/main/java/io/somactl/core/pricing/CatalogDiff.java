package io.somactl.core.pricing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed from one pricing catalog to another: models added or removed (one line each), and
 * for everything both list, each price (per component, tier and period) added, removed or changed,
 * and each usage convention or media rounding that changed. Prices compare by value
 * ({@code 2.5} equals {@code 2.50}).
 */
public final class CatalogDiff {
    private CatalogDiff() {}

    /** One difference. {@code before} / {@code after} are {@code null} for what one side lacks. */
    public record Change(
            Kind change,
            PriceRow.Kind kind,
            String tenant,
            String subject,
            String component,
            long aboveContextTokens,
            Instant effectiveFrom,
            String before,
            String after,
            String unit) {}

    /** The kind of difference. */
    public enum Kind {
        /** A whole model only the new catalog has. */
        MODEL_ADDED,
        /** A whole model only the old catalog has. */
        MODEL_REMOVED,
        ADDED,
        REMOVED,
        CHANGED
    }

    public static List<Change> between(PricingCatalog before, PricingCatalog after) {
        List<Change> changes = new ArrayList<>();
        if (!before.version().equals(after.version())) {
            changes.add(new Change(
                    Kind.CHANGED, null, null, "catalog", "version", 0, null, before.version(), after.version(), null));
        }
        Set<String> added = new TreeSet<>(after.models().keySet());
        added.removeAll(before.models().keySet());
        Set<String> removed = new TreeSet<>(before.models().keySet());
        removed.removeAll(after.models().keySet());
        for (String id : removed) {
            List<ModelPricePeriod> p = before.models().get(id);
            changes.add(new Change(
                    Kind.MODEL_REMOVED,
                    PriceRow.Kind.MODEL,
                    null,
                    id,
                    "*",
                    0,
                    p.get(p.size() - 1).effectiveFrom(),
                    p.size() + " period" + (p.size() == 1 ? "" : "s"),
                    null,
                    null));
        }
        for (String id : added) {
            List<ModelPricePeriod> p = after.models().get(id);
            changes.add(new Change(
                    Kind.MODEL_ADDED,
                    PriceRow.Kind.MODEL,
                    null,
                    id,
                    "*",
                    0,
                    p.get(p.size() - 1).effectiveFrom(),
                    null,
                    p.size() + " period" + (p.size() == 1 ? "" : "s"),
                    null));
        }
        Map<Key, PriceRow> old = index(before.rows(), removed);
        Map<Key, PriceRow> now = index(after.rows(), added);
        old.forEach((key, row) -> {
            PriceRow next = now.get(key);
            if (next == null) {
                changes.add(change(Kind.REMOVED, row, row.price().toPlainString(), null));
            } else if (row.price().compareTo(next.price()) != 0) {
                changes.add(change(
                        Kind.CHANGED,
                        next,
                        row.price().toPlainString(),
                        next.price().toPlainString()));
            }
        });
        now.forEach((key, row) -> {
            if (!old.containsKey(key)) {
                changes.add(change(Kind.ADDED, row, null, row.price().toPlainString()));
            }
        });
        before.models().forEach((id, periods) -> {
            List<ModelPricePeriod> next = after.models().get(id);
            if (next == null) {
                return;
            }
            for (ModelPricePeriod p : periods) {
                next.stream()
                        .filter(n -> n.effectiveFrom().equals(p.effectiveFrom()) && n.convention() != p.convention())
                        .findFirst()
                        .ifPresent(n -> changes.add(new Change(
                                Kind.CHANGED,
                                PriceRow.Kind.MODEL,
                                null,
                                id,
                                "usage_convention",
                                0,
                                p.effectiveFrom(),
                                p.convention().key(),
                                n.convention().key(),
                                null)));
            }
        });
        for (VoicePricePeriod p : before.voice()) {
            after.voice().stream()
                    .filter(n -> n.effectiveFrom().equals(p.effectiveFrom()) && n.mediaRounding() != p.mediaRounding())
                    .findFirst()
                    .ifPresent(n -> changes.add(new Change(
                            Kind.CHANGED,
                            PriceRow.Kind.VOICE,
                            null,
                            "voice",
                            "media_rounding",
                            0,
                            p.effectiveFrom(),
                            p.mediaRounding().key(),
                            n.mediaRounding().key(),
                            null)));
        }
        return List.copyOf(changes);
    }

    private static Change change(Kind kind, PriceRow row, String before, String after) {
        return new Change(
                kind,
                row.kind(),
                row.tenant(),
                row.subject(),
                row.component(),
                row.aboveContextTokens(),
                row.effectiveFrom(),
                before,
                after,
                row.unit());
    }

    private record Key(PriceRow.Kind kind, String tenant, String subject, String component, long above, Instant from) {}

    private static Map<Key, PriceRow> index(List<PriceRow> rows, Set<String> wholeModels) {
        Map<Key, PriceRow> index = new LinkedHashMap<>();
        for (PriceRow r : rows) {
            if (r.kind() == PriceRow.Kind.MODEL && wholeModels.contains(r.subject())) {
                continue; // reported once as a whole model
            }
            index.put(
                    new Key(
                            r.kind(),
                            Objects.toString(r.tenant(), ""),
                            r.subject(),
                            r.component(),
                            r.aboveContextTokens(),
                            r.effectiveFrom()),
                    r);
        }
        return index;
    }
}
