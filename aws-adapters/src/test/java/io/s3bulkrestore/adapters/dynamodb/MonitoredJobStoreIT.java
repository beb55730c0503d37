package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.local.DynamoDbLocalServer;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.ActiveJob;
import io.s3bulkrestore.monitor.MonitorState;
import io.s3bulkrestore.monitor.Notice;
import io.s3bulkrestore.ports.BatchJobState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MonitoredJobStoreIT {

    private static DynamoDbLocalServer server;
    private static DynamoDbClient client;

    private String table;
    private DynamoDbJobStore store;

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshTables() {
        table = server.createTables(client).jobs();
        store = new DynamoDbJobStore(client, table);
    }

    @Test
    void shouldListActiveJobsOldestFirstWithTheirMonitorState() {
        store.create(SampleJobs.submitting("job-b", 20, null));
        store.create(SampleJobs.submitting("job-a", 10, null));
        store.create(SampleJobs.submitting("job-c", 30, null));

        List<ActiveJob> active = store.activeJobs(2);

        assertThat(active).extracting(a -> a.job().id().value()).containsExactly("job-a", "job-b");
        assertThat(active.getFirst().state()).isEqualTo(MonitorState.INITIAL);
        assertThat(store.activeJobs(Optional.of(active.getLast().job()), 2))
                .extracting(a -> a.job().id().value()).containsExactly("job-c");
    }

    @Test
    void shouldRememberWhatTheMonitorRecorded() {
        JobId id = new JobId("job-m");
        store.create(SampleJobs.submitting("job-m", 0, null));
        Instant seen = Instant.parse("2026-11-02T10:00:00Z");

        store.recordBatchState(id, new BatchJobState("Failed", 1, 0, 1, List.of("bad manifest"), Optional.empty(),
                Optional.empty()), seen);
        store.recordBatchState(id, new BatchJobState("Failed", 1, 0, 1, List.of("bad manifest"), Optional.empty(),
                Optional.empty()), seen.plusSeconds(60));
        store.recordReportRead(id);
        store.recordReconcilePass(id, Optional.of("token-1"), false);
        boolean first = store.recordProgressNotified(id, 10);
        boolean again = store.recordProgressNotified(id, 10);
        Notice.Finish decided = store.decideTerminal(id, new Notice.Finish(JobStatus.FAILED, Optional.of("why")));
        Notice.Finish later = store.decideTerminal(id, new Notice.Finish(JobStatus.TIMEOUT, Optional.empty()));
        boolean notified = store.recordTerminalNotified(id, JobStatus.FAILED);
        boolean notifiedAgain = store.recordTerminalNotified(id, JobStatus.FAILED);

        MonitorState state = store.activeJobs(10).getFirst().state();
        assertThat(state).isEqualTo(new MonitorState(List.of("bad manifest"), Optional.of(seen), true, 10,
                Optional.of(new Notice.Finish(JobStatus.FAILED, Optional.of("why"))), Optional.of(JobStatus.FAILED),
                Optional.of("token-1"), false));
        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(later).isEqualTo(decided);
        assertThat(notified).isTrue();
        assertThat(notifiedAgain).isFalse();
        assertThat(store.find(id).orElseThrow().batchStatus()).isEqualTo("Failed");
    }

    @Test
    void shouldFinishAJobOutOfTheActiveIndexWithATtl() {
        JobId id = new JobId("job-f");
        store.create(SampleJobs.submitting("job-f", 0, null));
        Instant expires = Instant.parse("2026-12-02T10:00:00Z");

        store.finish(id, JobStatus.TIMEOUT, Optional.of("deadline passed"), "s3://r/results/job-f.csv", expires);
        store.finish(id, JobStatus.TIMEOUT, Optional.of("deadline passed"), "s3://r/results/job-f.csv", expires);

        var job = store.find(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(job.reportUri()).isEqualTo("s3://r/results/job-f.csv");
        assertThat(job.failureReason()).isEqualTo("deadline passed");
        assertThat(store.activeJobs(10)).isEmpty();
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(JobItem.key(id))).item();
        assertThat(item).doesNotContainKey("activePk");
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(expires.getEpochSecond()));
    }
}
