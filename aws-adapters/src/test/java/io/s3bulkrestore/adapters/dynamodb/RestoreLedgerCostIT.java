package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.local.DynamoDbLocalServer;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What tracking costs in DynamoDB requests, counted by an SDK interceptor: per object on the registration
 * side and the event side, and counter-shard writes per credited object.
 */
class RestoreLedgerCostIT {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS); // the emulators act on real time
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final int OBJECTS = 2_000;
    private static final int CHUNK = 1_000;

    private static DynamoDbLocalServer server;
    private static DynamoDbClient client;
    private static final RequestCounter REQUESTS = new RequestCounter();

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.start();
        client = TestClients.dynamoDb(server, REQUESTS);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    /** 10: SQS's default batch; 100: the template's RestoreEventsBatchSize default. */
    @ParameterizedTest(name = "events in SQS batches of {0}")
    @ValueSource(ints = {10, 100})
    void shouldWriteCountersOncePerJobAndBatchNotOncePerObject(int eventBatch) {
        var tables = server.createTables(client);
        var ledger = new DynamoDbRestoreLedger(client, tables.objects(), tables.jobs(), 8, new SplittableRandom(1));
        var read = new LedgerTables(client, tables.objects(), tables.jobs());
        List<JobId> jobs = List.of(new JobId("cost-a"), new JobId("cost-b"));
        List<ObjectId> objects = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            objects.add(ObjectId.of("bucket-1", "cost/" + i));
        }
        // Job a holds every object; job b the first half. A quarter completes before registration.
        Random random = new Random(11);
        List<ObjectId> early = objects.subList(0, OBJECTS / 4);
        List<ObjectId> late = objects.subList(OBJECTS / 4, OBJECTS);
        var events = new RecordRestoreEvents(ledger, CLOCK);
        var registration = new RegisterManifestObjects(ledger, CLOCK);

        long eventPairs = deliver(events, early, random, eventBatch);

        REQUESTS.reset();
        long registrationPairs = 0;
        long registered = 0;
        for (JobId job : jobs) {
            List<ObjectId> members = job.equals(jobs.get(0)) ? objects : objects.subList(0, OBJECTS / 2);
            for (int from = 0, chunk = 0; from < members.size(); from += CHUNK, chunk++) {
                List<ChunkEntry> entries = new ArrayList<>();
                for (int i = from; i < Math.min(members.size(), from + CHUNK); i++) {
                    entries.add(new ChunkEntry(members.get(i), i * 20L));
                }
                var result = registration.register(job, chunk, entries);
                registration.summarize(job, new ChunkSummary(chunk, result.newObjects(), entries.size(), 0));
                registered += entries.size();
                if (result.credited() > 0) {
                    registrationPairs++;
                }
            }
        }
        long registrationRequests = REQUESTS.total();
        long registrationTransactions = REQUESTS.count("TransactWriteItems");
        String registrationSummary = REQUESTS.summary();

        REQUESTS.reset();
        eventPairs += deliver(events, late, random, eventBatch);
        long eventRequests = REQUESTS.total();
        long eventTransactions = REQUESTS.count("TransactWriteItems");
        String eventSummary = REQUESTS.summary();

        JobCounts a = read.counts(jobs.get(0));
        JobCounts b = read.counts(jobs.get(1));
        long credited = a.restored() + b.restored();
        assertThat(a.restored()).isEqualTo(OBJECTS);
        assertThat(b.restored()).isEqualTo(OBJECTS / 2);

        long counterWrites = registrationTransactions + eventTransactions;
        System.out.printf("""
                        COST (DynamoDB requests, %d objects, 2 jobs, %d memberships, events in SQS batches of %d):
                          registration side: %.3f requests per registered object (%s)
                          event side:        %.3f requests per COMPLETED event (%s)
                          counter-shard writes: %d for %d credited memberships = %.4f per credited object
                          bound: credited/99 + (job, batch) pairs = %d/99 + %d = %.1f
                        """, OBJECTS, registered, eventBatch, (double) registrationRequests / registered, registrationSummary,
                (double) eventRequests / late.size(), eventSummary, counterWrites, credited,
                (double) counterWrites / credited, credited, registrationPairs + eventPairs,
                credited / 99.0 + registrationPairs + eventPairs);
        assertThat((double) counterWrites).isLessThanOrEqualTo(credited / 99.0 + registrationPairs + eventPairs);
    }

    /** Delivers a COMPLETED event per object, shuffled, in batches; returns the (job, batch) pairs credited. */
    private static long deliver(RecordRestoreEvents events, List<ObjectId> objects, Random random, int batchSize) {
        List<ObjectId> shuffled = new ArrayList<>(objects);
        Collections.shuffle(shuffled, random);
        long pairs = 0;
        for (int from = 0; from < shuffled.size(); from += batchSize) {
            List<RestoreEvent> batch = new ArrayList<>();
            for (ObjectId object : shuffled.subList(from, Math.min(shuffled.size(), from + batchSize))) {
                batch.add(RestoreEvent.completed(object, T0));
            }
            pairs += events.apply(batch).creditedByJob().size();
        }
        return pairs;
    }
}
