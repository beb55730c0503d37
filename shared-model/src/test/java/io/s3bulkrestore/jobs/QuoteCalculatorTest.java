package io.s3bulkrestore.jobs;

import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.restore.RetrievalPrices;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuoteCalculatorTest {

    private static final long GIB = 1L << 30;
    private final QuoteCalculator calculator = new QuoteCalculator(RetrievalPrices.documented());
    private final Instant now = Instant.now();

    @Test
    void shouldPriceAMillionDeepArchiveGibibytesAtBulk() {
        Quote quote = calculator.quote(RestoreTier.BULK, List.of(new QuoteCalculator.ClassCount(
                SourceStorageClass.DEEP_ARCHIVE, "b-1", 1_000_000, 1_000_000 * GIB, false)), "estimated", now,
                Duration.ofDays(7));

        Quote.ClassQuote deep = quote.byStorageClass().getFirst();
        // $0.025 per 1,000 requests and $0.0025 per GB (us-east-1, Bulk)
        assertThat(deep.restoreRequestsUsd()).isEqualByComparingTo("25");
        assertThat(deep.retrievalUsd()).isEqualByComparingTo("2500");
        assertThat(deep.readyWithin()).isEqualTo(Duration.ofHours(48));
        // one job $0.25 and $1.00 per million objects; tracking $1.53 per million
        assertThat(quote.batchOperationsUsd()).isEqualByComparingTo("1.25");
        assertThat(quote.trackingUsd()).isEqualByComparingTo("1.53");
        assertThat(quote.totalUsd()).isEqualByComparingTo(new BigDecimal("2527.78"));
        assertThat(quote.bytesExact()).isFalse();
        assertThat(quote.expiresAt()).isEqualTo(now.plus(Duration.ofDays(7)));
    }

    @Test
    void shouldChargeNothingToRetrieveIntelligentTieringButCountItsJob() {
        Quote quote = calculator.quote(RestoreTier.STANDARD, List.of(
                new QuoteCalculator.ClassCount(SourceStorageClass.GLACIER, "b-1", 1_000, 10 * GIB, true),
                new QuoteCalculator.ClassCount(SourceStorageClass.INTELLIGENT_TIERING, "b-2", 1_000, 10 * GIB, true)),
                "exact", now, Duration.ofDays(1));

        Quote.ClassQuote glacier = quote.byStorageClass().get(0);
        Quote.ClassQuote it = quote.byStorageClass().get(1);
        // Glacier Flexible Retrieval Standard: $0.05 per 1,000 requests, $0.01 per GB
        assertThat(glacier.restoreRequestsUsd()).isEqualByComparingTo("0.05");
        assertThat(glacier.retrievalUsd()).isEqualByComparingTo("0.10");
        assertThat(glacier.readyWithin()).isEqualTo(Duration.ofHours(5));
        assertThat(it.restoreRequestsUsd()).isZero();
        assertThat(it.retrievalUsd()).isZero();
        // the listing cannot tell Archive Access from Deep Archive Access: the slower bound
        assertThat(it.readyWithin()).isEqualTo(Duration.ofHours(12));
        assertThat(quote.objects()).isEqualTo(2_000);
        assertThat(quote.bytes()).isEqualTo(20 * GIB);
        assertThat(quote.bytesExact()).isTrue();
        assertThat(quote.batchOperationsUsd()).isEqualByComparingTo("0.502");
    }
}
