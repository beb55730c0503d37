package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.local.DynamoDbLocalServer;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.PendingPage;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MembersByJob index: every member of a job, settled or not, for the results report and for TTL. Also
 * prints what reading and expiring a finished job's 1,000 memberships costs in requests and bytes.
 */
class MembersByJobIT {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS); // the emulators act on real time
    private static final JobId JOB = new JobId("job-members");
    private static final JobId OTHER = new JobId("job-other");
    private static final int OBJECTS = 1_000;

    /** Request and response body bytes on the wire, next to the request counts. */
    private static final class ByteCounter implements ExecutionInterceptor {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            context.httpRequest().firstMatchingHeader("Content-Length").ifPresent(n -> sent.addAndGet(Long.parseLong(n)));
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            context.httpResponse().firstMatchingHeader("Content-Length")
                    .ifPresent(n -> received.addAndGet(Long.parseLong(n)));
        }

        void reset() {
            sent.set(0);
            received.set(0);
        }
    }

    private static final RequestCounter REQUESTS = new RequestCounter();
    private static final ByteCounter BYTES = new ByteCounter();
    private static DynamoDbLocalServer server;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.start();
        client = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(REQUESTS).addExecutionInterceptor(BYTES))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", String.format("dir/key-%05d.dat", i));
    }

    @Test
    void shouldListEveryMemberOfAJobWithItsOutcomeAndGiveEachATtl() {
        var tables = server.createTables(client);
        var ledger = new DynamoDbRestoreLedger(client, tables.objects(), tables.jobs(), 8, new SplittableRandom(3));
        var registration = new RegisterManifestObjects(ledger, Clock.fixed(T0, ZoneOffset.UTC));
        List<ChunkEntry> entries = IntStream.range(0, OBJECTS).mapToObj(i -> new ChunkEntry(object(i), i * 30L)).toList();
        for (int from = 0; from < OBJECTS; from += 500) {
            registration.register(JOB, from / 500, entries.subList(from, from + 500));
        }
        registration.register(OTHER, 0, List.of(new ChunkEntry(object(0), 0), new ChunkEntry(object(1000), 30)));
        ledger.credit(JOB, IntStream.range(0, 600).mapToObj(MembersByJobIT::object).toList(), T0);
        ledger.markFailed(JOB, IntStream.range(600, 610).mapToObj(MembersByJobIT::object).toList(), "AccessDenied", T0);

        REQUESTS.reset();
        BYTES.reset();
        Map<ObjectId, MemberOutcome> outcomes = new HashMap<>();
        List<ObjectId> listed = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            PendingPage page = ledger.memberObjects(JOB, token, 1_000);
            listed.addAll(page.objects());
            outcomes.putAll(ledger.outcomesOf(JOB, page.objects()));
            token = page.nextPageToken();
        } while (token.isPresent());
        long readRequests = REQUESTS.total();
        String readSummary = REQUESTS.summary();
        long readBytes = BYTES.sent.get() + BYTES.received.get();

        REQUESTS.reset();
        BYTES.reset();
        Instant expires = T0.plusSeconds(30 * 86_400);
        ledger.expireMemberships(JOB, listed, expires);
        long ttlRequests = REQUESTS.total();
        long ttlBytes = BYTES.sent.get() + BYTES.received.get();

        assertThat(listed).hasSize(OBJECTS).doesNotHaveDuplicates().doesNotContain(object(1000));
        assertThat(outcomes.values().stream().filter(o -> o.settlement() == Settlement.CREDITED)).hasSize(600);
        assertThat(outcomes.values().stream().filter(o -> o.settlement() == Settlement.FAILED))
                .hasSize(10).allMatch(o -> o.errorCode().equals(Optional.of("AccessDenied")));
        assertThat(outcomes.values().stream().filter(o -> o.settlement() == Settlement.PENDING)).hasSize(390);
        assertThat(ttlOf(tables.objects(), object(5), JOB)).contains(expires.getEpochSecond());
        assertThat(ttlOf(tables.objects(), object(999), JOB)).contains(expires.getEpochSecond());
        assertThat(ttlOf(tables.objects(), object(0), OTHER)).isEmpty(); // another job's membership is not touched
        System.out.printf("""
                FIGURE results report + TTL of a finished job of %,d objects (DynamoDB Local):
                  read every member with its outcome: %d requests (%s), %,d bytes on the wire
                  TTL on every membership: %d requests (UpdateItem), %,d bytes on the wire
                  index writes: one MembersByJob entry per membership, at registration only (keys only:
                  settling and TTL updates do not write it)
                """, OBJECTS, readRequests, readSummary, readBytes, ttlRequests, ttlBytes);
    }

    private Optional<Long> ttlOf(String table, ObjectId object, JobId job) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS(object.canonical()), "sk", AttributeValue.fromS("JOB#" + job.value())))).item();
        return Optional.ofNullable(item.get("expiresAt")).map(v -> Long.parseLong(v.n()));
    }
}
