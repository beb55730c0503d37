package io.s3bulkrestore.benchmarks.cost;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostModelTest {

    private static final AwsPrices PRICES = AwsPrices.US_EAST_1;

    @Test
    void shouldPriceAMillionWriteAndReadUnitsAtTheOnDemandRatesSinceNovember2024() {
        Usage usage = new Usage(1_000_000, 1_000_000, 0, 0, 0, 0);

        assertThat(usage.dynamoDbDollars(PRICES)).isCloseTo(0.625 + 0.125, within(1e-9));
    }

    @Test
    void shouldScaleCreditingCountsToAMillionCreditedObjects() {
        // Given a run that credited 2,000 memberships with 2,200 events in batches of 1,000
        var model = new CostModel(12, 1, 4, 1.0, 1.2, 11);
        var counts = new CostModel.CreditingCounts(2_000, 2_200, 1_000, 10_000, 2_000, 5_000, 1, 0);

        // When
        Usage usage = model.crediting(counts);

        // Then: 500x the run
        assertThat(usage.writeUnits()).isCloseTo(5_000_000, within(1e-6));
        assertThat(usage.readUnits()).isCloseTo(1_000_000, within(1e-6));
        assertThat(usage.sqsRequests()).isCloseTo(2_200 * 1.2 * 500, within(1e-6));
        assertThat(usage.lambdaInvocations()).isCloseTo(3 * 500, within(1e-6));
        assertThat(usage.lambdaGbSeconds()).isCloseTo(5_000 * 0.004 * 500, within(1e-6));
        assertThat(usage.dollars(PRICES)).isCloseTo(5 * 0.625 + 0.125 + 1_320_000 * 0.40 / 1e6
                + 1_500 * 0.20 / 1e6 + 10_000 * 0.0000133334, within(1e-6));
    }

    @Test
    void shouldChargeEveryRoutedEventTypeItsSqsRequestsAndInvocationsButNoDuration() {
        // Given the same run routed as Completed only (ours) and as s3:ObjectRestore:* (naive)
        var model = new CostModel(12, 1, 4, 1.0, 1.2, 11);
        var completedOnly = new CostModel.CreditingCounts(2_000, 2_200, 1_000, 10_000, 0, 5_000,
                CostModel.OURS_ROUTED_EVENT_TYPES, 0);
        var allRestoreEvents = new CostModel.CreditingCounts(2_000, 2_200, 1_000, 10_000, 0, 5_000,
                CostModel.NAIVE_ROUTED_EVENT_TYPES, 0);

        // When
        Usage ours = model.crediting(completedOnly);
        Usage naive = model.crediting(allRestoreEvents);

        // Then: three times the SQS requests, 7 invocations of 1,000 instead of 3, the same DynamoDB work and duration
        assertThat(naive.sqsRequests()).isCloseTo(3 * ours.sqsRequests(), within(1e-6));
        assertThat(ours.lambdaInvocations()).isCloseTo(3 * 500, within(1e-6));
        assertThat(naive.lambdaInvocations()).isCloseTo(7 * 500, within(1e-6));
        assertThat(naive.writeUnits()).isEqualTo(ours.writeUnits());
        assertThat(naive.lambdaGbSeconds()).isEqualTo(ours.lambdaGbSeconds());
    }

    @Test
    void shouldAddTheStreamFunctionsInvocationsToTheEventFunctions() {
        var model = new CostModel(12, 1, 4, 1.0, 1.2, 11);
        var counts = new CostModel.CreditingCounts(2_000, 2_200, 1_000, 10_000, 0, 5_000, 1, 6);

        assertThat(model.crediting(counts).lambdaInvocations()).isCloseTo((3 + 6) * 500, within(1e-6));
    }

    @Test
    void shouldPriceTheTtlWritesOfExpiringRecordsPerMillionObjects() {
        // Given one TTL write per membership for 3,000 memberships
        var model = new CostModel(12, 1, 4, 1.0, 1.2, 11);

        // When
        Usage naive = model.expiry(3_000, 3_000, 3_000);
        Usage ours = model.expiry(3_000, 0, 0);

        // Then
        assertThat(naive.writeUnits()).isCloseTo(1_000_000, within(1e-6));
        assertThat(naive.lambdaGbSeconds()).isCloseTo(1_000_000 * 0.004, within(1e-6));
        assertThat(naive.dollars(PRICES)).isCloseTo(0.625 + 4_000 * 0.0000133334, within(1e-9));
        assertThat(ours.dollars(PRICES)).isZero();
    }

    @Test
    void shouldKeepAFlatTickFlatAndScaleALinearOneToAMillionObjects() {
        var model = new CostModel(12, 1, 4, 1.0, 1.2, 11);

        Usage flat = model.monitor(new CostModel.TickCounts(100_000, 1, 2.5, 4, false));
        Usage linear = model.monitor(new CostModel.TickCounts(100_000, 0, 1_467, 12, true));

        // 720 ticks in 12 hours
        assertThat(flat.readUnits()).isCloseTo(2.5 * 720, within(1e-9));
        assertThat(flat.lambdaInvocations()).isCloseTo(720, within(1e-9));
        assertThat(linear.readUnits()).isCloseTo(14_670 * 720, within(1e-6));
        assertThat(linear.lambdaGbSeconds()).isCloseTo(120 * 0.004 * 720, within(1e-9));
    }

    @Test
    void shouldPublishAFewNotificationsPerJobInsteadOfOnePerObject() {
        var model = CostModel.DEFAULT;

        assertThat(model.notifications(false).snsPublishes()).isEqualTo(12);
        assertThat(model.notifications(true).dollars(PRICES)).isCloseTo(0.50, within(1e-9));
    }
}
