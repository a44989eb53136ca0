package io.somactl.core.export;

import java.util.List;
import java.util.function.Consumer;

/** Where billing rows come from: ClickHouse in production ({@link ClickHouseBillingSource}). */
public interface BillingSource {
    /** Streams the request's rows, in order, to {@code sink}; returns how many there were. */
    long stream(BillingRequest request, Consumer<BillingRow> sink);

    /** The pricing catalog versions the request's rows were priced with. */
    List<String> pricingVersions(BillingRequest request);

    /** The SQL that {@link #stream} runs, for --explain and messages. */
    String describe(BillingRequest request);
}
