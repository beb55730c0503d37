package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.local.DynamoDbLocalServer;
import io.s3bulkrestore.fakes.CrashingRestoreLedger;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.MarkTasksFailed;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoDbRestoreLedgerIT {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS); // the emulators act on real time
    private static final JobId JOB = new JobId("job-1");
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    private static DynamoDbLocalServer server;
    private static DynamoDbClient client;
    private DynamoDbLocalServer.Tables tables;
    private DynamoDbRestoreLedger ledger;
    private LedgerTables read;

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
        tables = server.createTables(client);
        ledger = new DynamoDbRestoreLedger(client, tables.objects(), tables.jobs(), 4, new SplittableRandom(7));
        read = new LedgerTables(client, tables.objects(), tables.jobs());
    }

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "k/" + i);
    }

    @Test
    void shouldGiveExactTotalsForDuplicateLinesRetriedChunksAndReplayedChunks() {
        // chunk 0 lists object 1 twice, chunk 1 lists objects 2 (again) and 3
        var chunks = List.of(
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 8), new ChunkEntry(object(1), 16)),
                List.of(new ChunkEntry(object(2), 24), new ChunkEntry(object(3), 32)));
        new RecordRestoreEvents(ledger, CLOCK).apply(List.of(RestoreEvent.completed(object(2), T0)));
        var crashing = new CrashingRestoreLedger(ledger, new Random(3), 0.5);
        var use = new RegisterManifestObjects(crashing, CLOCK);
        for (int c = 0; c < chunks.size(); c++) {
            for (int delivery = 0; delivery < 2; delivery++) { // every chunk is also replayed completely
                while (true) {
                    try {
                        long created = use.register(JOB, c, chunks.get(c)).newObjects();
                        use.summarize(JOB, new ChunkSummary(c, created, chunks.get(c).size(), 0));
                        break;
                    } catch (CrashingRestoreLedger.InjectedCrash crash) {
                        // SQS redelivers the chunk
                    }
                }
            }
        }

        assertThat(crashing.crashes()).isPositive();
        assertThat(read.totalObjects(JOB)).isEqualTo(3);
        assertThat(read.counts(JOB)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.membershipsOf(List.of(object(1))).get(object(1)).getFirst().origin().encoded()).isEqualTo("0#0");
    }

    @Test
    void shouldCreditAMembershipFromTheManifestWhenTheEventSpellsTheKeyDifferently() {
        String[][] spellings = {
                // manifest (URL-encoded), event (form-encoded), version id
                {"with%20space+plus.txt", "with+space%2Bplus.txt", null},
                {"100%25/d%C3%A9j%C3%A0%20vu", "100%25%2Fd%C3%A9j%C3%A0+vu", null},
                {"%E6%97%A5%E6%9C%AC/a%2Bb", "%E6%97%A5%E6%9C%AC%2Fa%2Bb", "Lv.Pq3eXbsE2VkbQ_4s8jr0Wxq9HxZOk"},
                {"a/b/c", "a%2Fb%2Fc", "null"},
        };
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < spellings.length; i++) {
            entries.add(new ChunkEntry(ObjectId.fromEncoded("bucket-1", spellings[i][0], spellings[i][2], KeyEncoding.URL), i * 100L));
        }
        new RegisterManifestObjects(ledger, CLOCK).register(JOB, 0, entries);

        List<RestoreEvent> events = new ArrayList<>();
        for (String[] spelling : spellings) {
            events.add(RestoreEvent.completed(ObjectId.fromEncoded("bucket-1", spelling[1], spelling[2], KeyEncoding.FORM), T0));
        }
        var outcome = new RecordRestoreEvents(ledger, CLOCK).apply(events);

        assertThat(outcome.creditedByJob()).containsEntry(JOB, 4);
        assertThat(read.counts(JOB)).isEqualTo(new JobCounts(4, 0));
        assertThat(ledger.pendingObjects(JOB, Optional.empty(), 10).objects()).isEmpty();
    }

    @Test
    void shouldSettleMoreThanOneTransactionsWorthAndSkipSettledAndUnknownMembers() {
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            entries.add(new ChunkEntry(object(i), i * 10L));
        }
        new RegisterManifestObjects(ledger, CLOCK).register(JOB, 0, entries);
        List<ObjectId> some = new ArrayList<>();
        for (int i = 0; i < 250; i += 3) {
            some.add(object(i));
        }
        assertThat(ledger.credit(JOB, some, T0)).isEqualTo(some.size());

        List<ObjectId> all = new ArrayList<>();
        for (int i = 0; i < 260; i++) { // 10 of them were never registered
            all.add(object(i));
        }
        int credited = ledger.credit(JOB, all, T0);

        assertThat(credited).isEqualTo(250 - some.size());
        assertThat(read.counts(JOB)).isEqualTo(new JobCounts(250, 0));
        assertThat(read.jobItems(JOB, TableDesign.COUNT_PREFIX)).allSatisfy(shard ->
                assertThat(Integer.parseInt(shard.get(TableDesign.SK).s().substring(6))).isBetween(0, 3));
    }

    @Test
    void shouldKeepTheJobsCreationTimeOnItsMembershipsSoThatOlderRestoresDoNotCountForIt() {
        Instant created = T0.plusSeconds(3600);
        new RecordRestoreEvents(ledger, CLOCK).apply(List.of(RestoreEvent.completed(object(1), T0)));

        new RegisterManifestObjects(ledger, CLOCK).register(JOB, Optional.of(created), 0,
                List.of(new ChunkEntry(object(1), 0)));
        var membership = ledger.membershipsOf(List.of(object(1))).get(object(1)).getFirst();

        assertThat(membership.jobCreatedAt()).contains(created);
        assertThat(membership.isPending()).isTrue();
        assertThat(read.counts(JOB)).isEqualTo(JobCounts.NONE);
    }

    @Test
    void shouldMoveAFailedMembershipToRestoredWhenItsRestoreCompletesAndCountEachOnce() {
        // Given three members: one failed, one not archived, one pending
        new RegisterManifestObjects(ledger, CLOCK).register(JOB, 0,
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10), new ChunkEntry(object(3), 20)));
        var settled = new MarkTasksFailed(ledger, CLOCK).apply(JOB, List.of(
                new MarkTasksFailed.FailedTask(object(1), "SlowDown"),
                new MarkTasksFailed.FailedTask(object(2), "ObjectAlreadyInActiveTierError"),
                new MarkTasksFailed.FailedTask(object(3), "RestoreAlreadyInProgress")));
        JobCounts afterReport = read.counts(JOB);

        // When restores of all three complete, twice (events are at least once)
        for (int i = 0; i < 2; i++) {
            new RecordRestoreEvents(ledger, CLOCK).apply(List.of(RestoreEvent.completed(object(1), T0),
                    RestoreEvent.completed(object(2), T0), RestoreEvent.completed(object(3), T0)));
        }

        // Then the failed one and the pending one are restored, the skipped one stays skipped
        assertThat(settled).isEqualTo(new MarkTasksFailed.Settled(1, 1, 0, 1));
        assertThat(afterReport).isEqualTo(new JobCounts(0, 1, 1));
        assertThat(read.counts(JOB)).isEqualTo(new JobCounts(2, 0, 1));
        Map<String, AttributeValue> flipped = read.memberships().stream()
                .filter(item -> item.get(TableDesign.PK).s().equals(object(1).canonical())).findFirst().orElseThrow();
        assertThat(flipped).containsKey(TableDesign.CREDITED_AT).doesNotContainKey(TableDesign.FAILED_AT)
                .doesNotContainKey(TableDesign.ERROR_CODE);
        assertThat(ledger.outcomesOf(JOB, List.of(object(2))).get(object(2)).settlement()).isEqualTo(Settlement.SKIPPED);
    }

    @Test
    void shouldMarkFailedTasksOnceAndLeaveCreditedOnesAlone() {
        new RegisterManifestObjects(ledger, CLOCK).register(JOB, 0,
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10), new ChunkEntry(object(3), 20)));
        new RecordRestoreEvents(ledger, CLOCK).apply(List.of(RestoreEvent.completed(object(1), T0)));
        var markFailed = new MarkTasksFailed(ledger, CLOCK);
        var tasks = List.of(new MarkTasksFailed.FailedTask(object(1), "403: AccessDenied"),
                new MarkTasksFailed.FailedTask(object(2), "403: AccessDenied"));

        assertThat(markFailed.apply(JOB, tasks).failed()).isEqualTo(1);
        assertThat(markFailed.apply(JOB, tasks).failed()).isZero();

        assertThat(read.counts(JOB)).isEqualTo(new JobCounts(1, 1));
        Map<String, AttributeValue> failed = read.memberships().stream()
                .filter(item -> item.get(TableDesign.PK).s().equals(object(2).canonical())).findFirst().orElseThrow();
        assertThat(failed.get(TableDesign.ERROR_CODE).s()).isEqualTo("403: AccessDenied");
        assertThat(failed).doesNotContainKey(TableDesign.PENDING_JOB);
        assertThat(ledger.membershipsOf(List.of(object(2))).get(object(2)).getFirst().settlement()).isEqualTo(Settlement.FAILED);
        assertThat(ledger.pendingObjects(JOB, Optional.empty(), 10).objects()).containsExactly(object(3));
    }

    @Test
    void shouldKeepTheLatestFactOfEachKindAndTellWhetherACopyIsRestored() {
        new RecordRestoreEvents(ledger, CLOCK).apply(List.of(
                RestoreEvent.completed(object(1), T0.plusSeconds(60)), RestoreEvent.completed(object(1), T0),
                RestoreEvent.initiated(object(1), T0.minusSeconds(60)), RestoreEvent.expired(object(2), T0)));
        new RecordRestoreEvents(ledger, CLOCK).apply(List.of(RestoreEvent.completed(object(1), T0.plusSeconds(30)),
                RestoreEvent.completed(object(2), T0.minusSeconds(1))));

        var states = ledger.statesOf(List.of(object(1), object(2), object(3), object(1)));

        assertThat(states).containsOnlyKeys(object(1), object(2));
        assertThat(states.get(object(1)).restoredAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(states.get(object(1)).initiatedAt()).isEqualTo(T0.minusSeconds(60));
        assertThat(states.get(object(1)).isRestored()).isTrue();
        assertThat(states.get(object(2)).isRestored()).isFalse();
    }

    @Test
    void shouldWriteAChunkSummaryOnce() {
        assertThat(ledger.recordChunkSummary(JOB, new ChunkSummary(4, 10, 12, 2))).isTrue();
        assertThat(ledger.recordChunkSummary(JOB, new ChunkSummary(4, 11, 12, 1))).isFalse();

        var items = read.jobItems(JOB, TableDesign.CHUNK_PREFIX);
        assertThat(items).hasSize(1);
        assertThat(items.getFirst().get(TableDesign.SK).s()).isEqualTo("CHUNK#4");
        assertThat(items.getFirst().get(TableDesign.OBJECTS).n()).isEqualTo("10");
        assertThat(items.getFirst().get(TableDesign.LINES).n()).isEqualTo("12");
        assertThat(items.getFirst().get(TableDesign.INVALID_LINES).n()).isEqualTo("2");
    }

    @Test
    void shouldPageThroughPendingObjects() {
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            entries.add(new ChunkEntry(object(i), i));
        }
        new RegisterManifestObjects(ledger, CLOCK).register(JOB, 0, entries);
        ledger.credit(JOB, List.of(object(0), object(1)), T0);

        Set<ObjectId> seen = new HashSet<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            var page = ledger.pendingObjects(JOB, token, 10);
            seen.addAll(page.objects());
            token = page.nextPageToken();
            pages++;
        } while (token.isPresent());

        assertThat(seen).hasSize(23).doesNotContain(object(0), object(1));
        assertThat(pages).isBetween(3, 4);
    }

    @Test
    void shouldReportAnUnreachableTableAsUpstreamFailureWithTheRequestId() {
        var broken = new DynamoDbRestoreLedger(client, "no-such-table", tables.jobs());

        assertThatThrownBy(() -> broken.statesOf(List.of(object(1))))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).contains("AWS request id").doesNotContain("ResourceNotFound");
                });
    }
}
