package io.somactl.core.export;

import java.util.List;

/** Checks a file's columns are a billing layout: period_start, tenant[, persona][, model], then the metrics. */
final class BillingLayout {
    private BillingLayout() {}

    /** How many dimension columns {@code columns} has; fails when they are not a billing layout. */
    static int dimensionCount(List<String> columns) {
        int dims = columns.size() - 1 - BillingRow.METRICS.size();
        if (dims >= 1
                && columns.get(0).equals(BillingRow.PERIOD_START)
                && columns.subList(1 + dims, columns.size()).equals(BillingRow.METRICS)) {
            List<String> dimensionNames = columns.subList(1, 1 + dims);
            List<String> allowed = java.util.Arrays.stream(BillingDimension.values())
                    .map(BillingDimension::column)
                    .toList();
            if (allowed.containsAll(dimensionNames) && dimensionNames.get(0).equals("tenant")) {
                return dims;
            }
        }
        throw new IllegalArgumentException("the columns " + columns + " are not a somactl billing export's");
    }

    static List<BillingDimension> dimensions(List<String> columns) {
        int dims = dimensionCount(columns);
        return BillingDimension.parseList(columns.subList(1, 1 + dims));
    }
}
