package io.s3bulkrestore.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The requests CreateJobHandler sends itself before a SnapStart snapshot: they reach the stores and write nothing. */
class SnapStartPrimingTest {

    @Test
    void shouldReachTheJobStoreAndTheManifestStoreWithoutWritingAnything() {
        // Given the handler over fakes, with one job already there
        var testbed = new ApiTestbed();
        assertThat(testbed.send(ApiEvents.post("/jobs", "{\"bucket\":\"" + ApiTestbed.BUCKET + "\",\"key\":\""
                + ApiTestbed.KEY + "\",\"tier\":\"BULK\",\"expiration_days\":1,\"manifest_format\":\"csv\"}"))
                .status()).isEqualTo(201);
        var priming = new SnapStartPriming(testbed.handler, ApiTestbed.BUCKET);

        // When the priming runs (as before a checkpoint)
        var statuses = priming.prime();

        // Then the lookup found no job and the create found no manifest: both reached their store ...
        assertThat(statuses).containsExactly(404, 422);
        // ... and nothing was created, submitted or queued beyond the job that was there
        assertThat(testbed.jobs.createdCount()).isEqualTo(1);
        assertThat(testbed.batch.batchJobCount()).isEqualTo(1);
        assertThat(testbed.ingestQueue.sent()).hasSize(1);
    }
}
