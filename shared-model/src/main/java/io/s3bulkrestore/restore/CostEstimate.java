package io.s3bulkrestore.restore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dry run's answer: how many objects a restore would touch, their bytes by storage class, and the
 * request and retrieval cost of the chosen tier. Add objects one by one (thread-safe), then read.
 */
public final class CostEstimate {

    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1024L * 1024 * 1024);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private final RetrievalTier tier;
    private final RetrievalPrices prices;
    private final Map<String, long[]> byStorageClass = new TreeMap<>();
    private BigDecimal requestCost = BigDecimal.ZERO;
    private BigDecimal retrievalCost = BigDecimal.ZERO;
    private long objects;

    public CostEstimate(RetrievalTier tier, RetrievalPrices prices) {
        this.tier = tier;
        this.prices = prices;
    }

    /** Counts an object a restore would be sent for. */
    public synchronized void add(ObjectArchiveState state) {
        objects++;
        long[] countAndBytes = byStorageClass.computeIfAbsent(state.storageClass(), c -> new long[2]);
        countAndBytes[0]++;
        countAndBytes[1] += state.size();
        RetrievalPrices.Price price = prices.of(state.archive(), tier);
        requestCost = requestCost.add(price.per1000Requests().divide(THOUSAND));
        retrievalCost = retrievalCost.add(price.perGb().multiply(BigDecimal.valueOf(state.size()))
                .divide(BYTES_PER_GB, 12, RoundingMode.HALF_UP));
    }

    public RetrievalTier tier() {
        return tier;
    }

    public synchronized long objects() {
        return objects;
    }

    /** Storage class -> {objects, bytes}, sorted by class name. */
    public synchronized Map<String, long[]> byStorageClass() {
        Map<String, long[]> copy = new TreeMap<>();
        byStorageClass.forEach((k, v) -> copy.put(k, v.clone()));
        return Collections.unmodifiableMap(copy);
    }

    public synchronized BigDecimal requestCost() {
        return requestCost.setScale(2, RoundingMode.HALF_UP);
    }

    public synchronized BigDecimal retrievalCost() {
        return retrievalCost.setScale(2, RoundingMode.HALF_UP);
    }

    public synchronized BigDecimal totalCost() {
        return requestCost.add(retrievalCost).setScale(2, RoundingMode.HALF_UP);
    }
}
