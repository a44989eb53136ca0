package io.somactl.core.export;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.TabSeparatedReader;
import java.util.List;
import java.util.function.Consumer;

/** Billing rows streamed from ClickHouse's base tables as TabSeparated: constant memory for any size. */
public final class ClickHouseBillingSource implements BillingSource {
    private final ClickHouse clickHouse;

    public ClickHouseBillingSource(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    @Override
    public long stream(BillingRequest request, Consumer<BillingRow> sink) {
        return clickHouse.selectStream(BillingQuery.sql(clickHouse.database(), request), "TabSeparated", body -> {
            TabSeparatedReader reader = new TabSeparatedReader(body, BillingQuery.columnCount(request));
            for (List<String> fields = reader.next(); fields != null; fields = reader.next()) {
                sink.accept(BillingQuery.parse(fields, request));
            }
            return reader.rows();
        });
    }

    @Override
    public List<String> pricingVersions(BillingRequest request) {
        return clickHouse.select(BillingQuery.pricingVersionsSql(clickHouse.database(), request)).stream()
                .map(row -> row.get(0))
                .toList();
    }

    @Override
    public String describe(BillingRequest request) {
        return BillingQuery.sql(clickHouse.database(), request);
    }
}
