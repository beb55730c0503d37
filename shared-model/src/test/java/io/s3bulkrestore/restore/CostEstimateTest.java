package io.s3bulkrestore.restore;

import io.s3bulkrestore.model.ObjectId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostEstimateTest {

    private static final long GB = 1024L * 1024 * 1024;

    private static ObjectArchiveState object(String key, String storageClass, String archiveStatus, long size) {
        return new ObjectArchiveState(ObjectId.of("data-1", key), storageClass,
                ArchiveClass.of(storageClass, archiveStatus), size, Optional.empty());
    }

    @Test
    void shouldPriceGlacierStandardPerGbAndPerThousandRequests() {
        // Given 2,000 Glacier objects of 1 GB each (documented: $0.01/GB, $0.05 per 1,000 requests)
        CostEstimate estimate = new CostEstimate(RetrievalTier.STANDARD, RetrievalPrices.documented());
        for (int i = 0; i < 2000; i++) {
            estimate.add(object("k" + i, "GLACIER", null, GB));
        }

        assertThat(estimate.objects()).isEqualTo(2000);
        assertThat(estimate.requestCost()).isEqualByComparingTo("0.10");
        assertThat(estimate.retrievalCost()).isEqualByComparingTo("20.00");
        assertThat(estimate.totalCost()).isEqualByComparingTo("20.10");
        assertThat(estimate.byStorageClass().get("GLACIER")).containsExactly(2000, 2000 * GB);
    }

    @Test
    void shouldChargeNothingForIntelligentTieringStandardRetrievals() {
        CostEstimate estimate = new CostEstimate(RetrievalTier.STANDARD, RetrievalPrices.documented());
        estimate.add(object("a", "INTELLIGENT_TIERING", "ARCHIVE_ACCESS", 10 * GB));
        estimate.add(object("b", "DEEP_ARCHIVE", null, 10 * GB));

        assertThat(estimate.retrievalCost()).isEqualByComparingTo("0.20");
        assertThat(estimate.byStorageClass()).containsOnlyKeys("DEEP_ARCHIVE", "INTELLIGENT_TIERING");
    }

    @Test
    void shouldUseOverriddenPrices() {
        Properties overrides = new Properties();
        overrides.setProperty("DEEP_ARCHIVE.BULK.per-gb", "1");
        overrides.setProperty("DEEP_ARCHIVE.BULK.per-1000-requests", "1000");
        CostEstimate estimate = new CostEstimate(RetrievalTier.BULK, RetrievalPrices.documented().overriddenBy(overrides));
        estimate.add(object("a", "DEEP_ARCHIVE", null, 3 * GB));

        assertThat(estimate.totalCost()).isEqualByComparingTo(new BigDecimal("4.00"));
    }

    @Test
    void shouldRefuseAPriceKeyItDoesNotKnow() {
        Properties overrides = new Properties();
        overrides.setProperty("GLACIER.SLOW.per-gb", "1");
        assertThatThrownBy(() -> RetrievalPrices.documented().overriddenBy(overrides))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GLACIER.SLOW.per-gb");
    }
}
