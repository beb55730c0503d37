package io.s3bulkrestore.sandbox.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestLineParser;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.CreateJobRequest;
import software.amazon.awssdk.services.s3control.model.GeneratedManifestFormat;
import software.amazon.awssdk.services.s3control.model.JobDescriptor;
import software.amazon.awssdk.services.s3control.model.JobManifestGeneratorFilter;
import software.amazon.awssdk.services.s3control.model.JobStatus;
import software.amazon.awssdk.services.s3control.model.JobStatusException;
import software.amazon.awssdk.services.s3control.model.ObjectEncryptionFilter;
import software.amazon.awssdk.services.s3control.model.RequestedJobStatus;
import software.amazon.awssdk.services.s3control.model.S3ControlException;
import software.amazon.awssdk.services.s3control.model.S3JobManifestGenerator;
import software.amazon.awssdk.services.s3control.model.S3ManifestOutputLocation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.ACCOUNT;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.DATA;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.MANIFESTS;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.REPORTS;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CreateJob with a ManifestGenerator, ConfirmationRequired and UpdateJobStatus, driven through the real
 * {@link S3ControlClient} (the project's adapter does not make these requests yet), with moto as S3.
 * Times are taken from the objects' own LastModified, never from the calendar.
 */
class ManifestGeneratorIT {

    private static final String OTHER_ACCOUNT = "210987654321";
    private static final String PREFIX = "generated";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EmulatorFixture MOTO = new EmulatorFixture();

    @BeforeEach
    void startEmulator() {
        MOTO.startEmulator(new BatchEmulatorSettings(0, Duration.ZERO, Duration.ofMillis(100)));
    }

    // ---- a prefix restored from a generated manifest ----

    @Test
    void shouldRestoreTheArchivedObjectsUnderAPrefixFromAGeneratedManifestAndDescribeWhereItWroteIt() throws Exception {
        // Given a prefix holding objects of several storage classes, and an archived object outside it
        List<String> archived = List.of("mixed/glacier-1.bin", "mixed/glacier 2+.bin", "mixed/deep/日本.bin");
        MOTO.put("mixed/glacier-1.bin", StorageClass.GLACIER, 10);
        MOTO.put("mixed/glacier 2+.bin", StorageClass.GLACIER, 10);
        MOTO.put("mixed/deep/日本.bin", StorageClass.DEEP_ARCHIVE, 10);
        MOTO.put("mixed/tiering.bin", StorageClass.INTELLIGENT_TIERING, 10);
        MOTO.put("mixed/standard.bin", StorageClass.STANDARD, 10);
        MOTO.put("other/glacier.bin", StorageClass.GLACIER, 10);

        // When a job generates its manifest: the prefix, Glacier classes only, written with SSE-S3
        String jobId = createJob(generatorJob("prefix-1", false, f -> f
                .keyNameConstraint(k -> k.matchAnyPrefix("mixed/"))
                .matchAnyStorageClassWithStrings("GLACIER", "DEEP_ARCHIVE"),
                output -> output.manifestEncryption(e -> e.sses3(b -> { }))));
        JobDescriptor job = awaitJob(jobId, j -> j.status() == JobStatus.COMPLETE);

        // Then exactly those objects were restored
        assertThat(job.progressSummary().totalNumberOfTasks()).isEqualTo(3);
        assertThat(job.progressSummary().numberOfTasksSucceeded()).isEqualTo(3);
        for (String key : archived) {
            assertThat(MOTO.head(key).restore()).as(key).contains("ongoing-request");
        }
        for (String key : List.of("mixed/tiering.bin", "mixed/standard.bin", "other/glacier.bin")) {
            assertThat(MOTO.head(key).restore()).as(key).isNull();
        }

        // and DescribeJob echoes the generator, has no Manifest, and says where the generated manifest is
        assertThat(job.manifest()).isNull();
        S3JobManifestGenerator generator = job.manifestGenerator().s3JobManifestGenerator();
        assertThat(generator.sourceBucket()).isEqualTo("arn:aws:s3:::" + DATA);
        assertThat(generator.enableManifestOutput()).isTrue();
        assertThat(generator.filter().keyNameConstraint().matchAnyPrefix()).containsExactly("mixed/");
        assertThat(generator.filter().matchAnyStorageClassAsStrings()).containsExactly("GLACIER", "DEEP_ARCHIVE");
        assertThat(generator.manifestOutputLocation().manifestEncryption().sses3()).isNotNull();
        assertThat(job.generatedManifestDescriptor().format()).isEqualTo(GeneratedManifestFormat.S3_INVENTORY_REPORT_CSV_20211130);
        String manifestKey = PREFIX + "/job-" + jobId + "/manifest.json";
        assertThat(job.generatedManifestDescriptor().location().objectArn()).isEqualTo("arn:aws:s3:::" + MANIFESTS + "/" + manifestKey);
        var head = MOTO.s3().headObject(b -> b.bucket(MANIFESTS).key(manifestKey));
        assertThat(job.generatedManifestDescriptor().location().eTag()).isEqualTo(head.eTag().replace("\"", ""));
        assertThat(job.generatedManifestDescriptor().location().objectVersionId()).isNull();
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);

        // and the manifest is an inventory-style report of those objects, which the project's reader reads
        byte[] manifestJson = MOTO.bytes(MANIFESTS, manifestKey);
        JsonNode manifest = JSON.readTree(manifestJson);
        assertThat(manifest.path("sourceBucket").asText()).isEqualTo(DATA);
        assertThat(manifest.path("destinationBucket").asText()).isEqualTo("arn:aws:s3:::" + MANIFESTS);
        assertThat(manifest.path("version").asText()).isEqualTo("2021-11-30");
        assertThat(manifest.path("fileFormat").asText()).isEqualTo("CSV");
        assertThat(manifest.path("fileSchema").asText()).isEqualTo("Bucket, Key");
        assertThat(Long.parseLong(manifest.path("creationTimestamp").asText()))
                .isBetween(head.lastModified().minusSeconds(60).toEpochMilli(), head.lastModified().plusSeconds(60).toEpochMilli());
        assertThat(new String(MOTO.bytes(MANIFESTS, PREFIX + "/job-" + jobId + "/manifest.checksum"),
                StandardCharsets.UTF_8).trim()).isEqualTo(md5(manifestJson));
        assertThat(generatedObjects(job)).containsExactlyInAnyOrderElementsOf(
                archived.stream().map(key -> ObjectId.of(DATA, key)).toList());
        // and the emulator reads it back as an S3 Inventory manifest, as a later job naming it would
        JobSpec.ManifestSpec asInventory = new JobSpec.ManifestSpec(JobSpec.INVENTORY_FORMAT, List.of(),
                "arn:aws:s3:::" + MANIFESTS + "/" + manifestKey, MANIFESTS, manifestKey, null, head.eTag());
        assertThat(new ManifestReader(MOTO.s3()).read(asInventory)).containsExactlyInAnyOrderElementsOf(generatedObjects(job));
    }

    @Test
    void shouldGenerateTheObjectsEachFilterDescribes() throws Exception {
        // Given objects written in two groups, the second in a later second (moto's LastModified has seconds),
        // of several sizes and storage classes
        MOTO.put("logs/2026/a.log", StorageClass.GLACIER, 10);
        MOTO.put("logs/2025/b.txt", StorageClass.DEEP_ARCHIVE, 20);
        MOTO.put("img/summer.jpg", StorageClass.INTELLIGENT_TIERING, 30);
        Instant lastOfFirst = lastModified("img/summer.jpg");
        awaitNextSecondAfter(lastOfFirst);
        MOTO.put("img/winter.jpg", StorageClass.STANDARD, 40);
        Instant firstOfSecond = lastModified("img/winter.jpg");
        MOTO.put("logs/2026/c.jpg", StorageClass.GLACIER, 50);
        Map<String, Instant> times = new LinkedHashMap<>();
        for (S3Object listed : MOTO.s3().listObjectsV2(b -> b.bucket(DATA)).contents()) {
            times.put(listed.key(), listed.lastModified());
        }
        assertThat(List.of(times.get("logs/2026/a.log"), times.get("logs/2025/b.txt")))
                .allSatisfy(time -> assertThat(time).isBeforeOrEqualTo(lastOfFirst));
        assertThat(firstOfSecond).isAfter(lastOfFirst);
        assertThat(times.get("logs/2026/c.jpg")).isAfterOrEqualTo(firstOfSecond);

        Map<String, Consumer<JobManifestGeneratorFilter.Builder>> filters = new LinkedHashMap<>();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        filters.put("no filter", f -> { });
        expected.put("no filter", List.of("img/summer.jpg", "img/winter.jpg", "logs/2025/b.txt", "logs/2026/a.log", "logs/2026/c.jpg"));
        filters.put("prefix", f -> f.keyNameConstraint(k -> k.matchAnyPrefix("logs/")));
        expected.put("prefix", List.of("logs/2025/b.txt", "logs/2026/a.log", "logs/2026/c.jpg"));
        filters.put("suffix", f -> f.keyNameConstraint(k -> k.matchAnySuffix(".jpg")));
        expected.put("suffix", List.of("img/summer.jpg", "img/winter.jpg", "logs/2026/c.jpg"));
        filters.put("substring", f -> f.keyNameConstraint(k -> k.matchAnySubstring("2026")));
        expected.put("substring", List.of("logs/2026/a.log", "logs/2026/c.jpg"));
        filters.put("prefix and suffix", f -> f.keyNameConstraint(k -> k.matchAnyPrefix("logs/").matchAnySuffix(".jpg")));
        expected.put("prefix and suffix", List.of("logs/2026/c.jpg"));
        filters.put("created after (strictly)", f -> f.createdAfter(lastOfFirst));
        expected.put("created after (strictly)", List.of("img/winter.jpg", "logs/2026/c.jpg"));
        filters.put("created before (strictly)", f -> f.createdBefore(firstOfSecond));
        expected.put("created before (strictly)", List.of("img/summer.jpg", "logs/2025/b.txt", "logs/2026/a.log"));
        filters.put("size greater than (strictly)", f -> f.objectSizeGreaterThanBytes(20L));
        expected.put("size greater than (strictly)", List.of("img/summer.jpg", "img/winter.jpg", "logs/2026/c.jpg"));
        filters.put("size less than (strictly)", f -> f.objectSizeLessThanBytes(20L));
        expected.put("size less than (strictly)", List.of("logs/2026/a.log"));
        filters.put("size between", f -> f.objectSizeGreaterThanBytes(10L).objectSizeLessThanBytes(50L));
        expected.put("size between", List.of("img/summer.jpg", "img/winter.jpg", "logs/2025/b.txt"));
        filters.put("storage class", f -> f.matchAnyStorageClassWithStrings("GLACIER"));
        expected.put("storage class", List.of("logs/2026/a.log", "logs/2026/c.jpg"));
        filters.put("storage classes", f -> f.matchAnyStorageClassWithStrings("INTELLIGENT_TIERING", "STANDARD"));
        expected.put("storage classes", List.of("img/summer.jpg", "img/winter.jpg"));
        filters.put("replication status NONE", f -> f.objectReplicationStatusesWithStrings("NONE"));
        expected.put("replication status NONE", expected.get("no filter"));
        filters.put("replication status COMPLETED", f -> f.objectReplicationStatusesWithStrings("COMPLETED"));
        expected.put("replication status COMPLETED", List.of());

        int n = 0;
        for (var filter : filters.entrySet()) {
            // When a job that requires confirmation generates its manifest (so nothing is restored)
            String jobId = createJob(generatorJob("filter-" + n++, true, filter.getValue(), UnaryOperator.identity()));
            JobDescriptor job = awaitJob(jobId, j -> j.status() == JobStatus.SUSPENDED);

            // Then the task count and the written manifest hold exactly the matching objects
            List<String> keys = expected.get(filter.getKey());
            assertThat(job.progressSummary().totalNumberOfTasks()).as(filter.getKey()).isEqualTo(keys.size());
            assertThat(generatedObjects(job)).as(filter.getKey())
                    .containsExactlyInAnyOrderElementsOf(keys.stream().map(key -> ObjectId.of(DATA, key)).toList());
            MOTO.s3Control().updateJobStatus(b -> b.accountId(ACCOUNT).jobId(jobId)
                    .requestedJobStatus(RequestedJobStatus.CANCELLED));
            awaitJob(jobId, j -> j.status() == JobStatus.CANCELLED);
        }
        assertThat(restoredCount()).isZero();
    }

    @Test
    void shouldListOnlyTheCurrentVersionsOfAVersionedBucket() throws Exception {
        // Given an object with two versions, and a deleted one (a delete marker on top of a version)
        MOTO.s3().putBucketVersioning(b -> b.bucket(DATA)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        MOTO.put("v/twice.bin", StorageClass.GLACIER, 1);
        MOTO.put("v/twice.bin", StorageClass.GLACIER, 2);
        MOTO.put("v/deleted.bin", StorageClass.GLACIER, 3);
        MOTO.s3().deleteObject(b -> b.bucket(DATA).key("v/deleted.bin"));

        // When
        String jobId = createJob(generatorJob("versions-1", true, f -> { }, UnaryOperator.identity()));
        JobDescriptor job = awaitJob(jobId, j -> j.status() == JobStatus.SUSPENDED);

        // Then one task, for the current version, named without a version id
        assertThat(job.progressSummary().totalNumberOfTasks()).isEqualTo(1);
        assertThat(generatedObjects(job)).containsExactly(ObjectId.of(DATA, "v/twice.bin"));
    }

    // ---- ConfirmationRequired ----

    @Test
    void shouldWaitSuspendedWithTheTaskCountUntilConfirmedAndThenRunToComplete() throws Exception {
        // Given
        MOTO.put("confirm/a.bin", StorageClass.GLACIER, 5);
        MOTO.put("confirm/b.bin", StorageClass.DEEP_ARCHIVE, 5);
        String jobId = createJob(generatorJob("confirm-1", true,
                f -> f.keyNameConstraint(k -> k.matchAnyPrefix("confirm/")), UnaryOperator.identity()));

        // When the job has prepared
        JobDescriptor suspended = awaitJob(jobId, j -> j.status() == JobStatus.SUSPENDED);

        // Then it waits with its task count and the reason, and restores nothing
        assertThat(suspended.confirmationRequired()).isTrue();
        assertThat(suspended.progressSummary().totalNumberOfTasks()).isEqualTo(2);
        assertThat(suspended.progressSummary().numberOfTasksSucceeded()).isZero();
        assertThat(suspended.suspendedDate()).isNotNull();
        assertThat(suspended.suspendedCause()).isEqualTo("AwaitingConfirmation");
        assertThat(suspended.generatedManifestDescriptor()).isNotNull();
        Thread.sleep(300);
        assertThat(describe(jobId).status()).isEqualTo(JobStatus.SUSPENDED);
        assertThat(restoredCount()).isZero();

        // When confirmed
        var confirmed = MOTO.s3Control().updateJobStatus(b -> b.accountId(ACCOUNT).jobId(jobId)
                .requestedJobStatus(RequestedJobStatus.READY).statusUpdateReason("quote accepted"));

        // Then it runs to Complete
        assertThat(confirmed.status()).isEqualTo(JobStatus.READY);
        assertThat(confirmed.statusUpdateReason()).isEqualTo("quote accepted");
        JobDescriptor complete = awaitJob(jobId, j -> j.status() == JobStatus.COMPLETE);
        assertThat(complete.progressSummary().numberOfTasksSucceeded()).isEqualTo(2);
        assertThat(complete.suspendedDate()).isEqualTo(suspended.suspendedDate());
        assertThat(restoredCount()).isEqualTo(2);
        // and a finished job cannot be confirmed again
        assertThatThrownBy(() -> MOTO.s3Control().updateJobStatus(b -> b.accountId(ACCOUNT).jobId(jobId)
                .requestedJobStatus(RequestedJobStatus.READY)))
                .isInstanceOfSatisfying(JobStatusException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    @Test
    void shouldCancelAJobThatWaitsForConfirmation() throws Exception {
        // Given a job waiting in Suspended
        MOTO.put("cancel/a.bin", StorageClass.GLACIER, 5);
        String jobId = createJob(generatorJob("cancel-1", true, f -> { }, UnaryOperator.identity()));
        awaitJob(jobId, j -> j.status() == JobStatus.SUSPENDED);

        // When
        var cancelling = MOTO.s3Control().updateJobStatus(b -> b.accountId(ACCOUNT).jobId(jobId)
                .requestedJobStatus(RequestedJobStatus.CANCELLED).statusUpdateReason("quote declined"));

        // Then it ends Cancelled without a task or a report, and can no longer be confirmed
        assertThat(cancelling.status()).isEqualTo(JobStatus.CANCELLING);
        JobDescriptor cancelled = awaitJob(jobId, j -> j.status() == JobStatus.CANCELLED);
        assertThat(cancelled.terminationDate()).isNotNull();
        assertThat(cancelled.progressSummary().numberOfTasksSucceeded() + cancelled.progressSummary().numberOfTasksFailed())
                .isZero();
        assertThat(restoredCount()).isZero();
        assertThat(MOTO.s3().listObjectsV2(b -> b.bucket(REPORTS)).contents()).isEmpty();
        assertThatThrownBy(() -> MOTO.s3Control().updateJobStatus(b -> b.accountId(ACCOUNT).jobId(jobId)
                .requestedJobStatus(RequestedJobStatus.READY)))
                .isInstanceOfSatisfying(JobStatusException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    // ---- jobs that fail while preparing ----

    @Test
    void shouldFailTheJobWhenItsBucketsAreMissingOrOwnedByAnotherAccount() {
        MOTO.put("owned/a.bin", StorageClass.GLACIER, 5);
        Map<String, UnaryOperator<CreateJobRequest.Builder>> jobs = new LinkedHashMap<>();
        jobs.put("Generating the manifest failed: listing arn:aws:s3:::no-such-bucket answered NoSuchBucket",
                b -> b.manifestGenerator(g -> g.s3JobManifestGenerator(s -> s.sourceBucket("arn:aws:s3:::no-such-bucket")
                        .enableManifestOutput(false))));
        jobs.put("Generating the manifest failed: the source bucket " + DATA + " is owned by " + ACCOUNT
                        + ", not by the expected owner " + OTHER_ACCOUNT,
                b -> b.manifestGenerator(g -> g.s3JobManifestGenerator(s -> s.sourceBucket("arn:aws:s3:::" + DATA)
                        .expectedBucketOwner(OTHER_ACCOUNT).enableManifestOutput(false))));
        jobs.put("Generating the manifest failed: the manifest bucket " + MANIFESTS + " is owned by " + ACCOUNT
                        + ", not by the expected owner " + OTHER_ACCOUNT,
                b -> b.manifestGenerator(g -> g.s3JobManifestGenerator(s -> s.sourceBucket("arn:aws:s3:::" + DATA)
                        .enableManifestOutput(true).manifestOutputLocation(o -> o.bucket("arn:aws:s3:::" + MANIFESTS)
                                .expectedManifestBucketOwner(OTHER_ACCOUNT)
                                .manifestFormat(GeneratedManifestFormat.S3_INVENTORY_REPORT_CSV_20211130)))));
        jobs.put("Writing the generated manifest to arn:aws:s3:::no-such-output failed: NoSuchBucket",
                b -> b.manifestGenerator(g -> g.s3JobManifestGenerator(s -> s.sourceBucket("arn:aws:s3:::" + DATA)
                        .enableManifestOutput(true).manifestOutputLocation(o -> o.bucket("arn:aws:s3:::no-such-output")
                                .manifestFormat(GeneratedManifestFormat.S3_INVENTORY_REPORT_CSV_20211130)))));
        int n = 0;
        for (var job : jobs.entrySet()) {
            String token = "failing-" + n++;
            String jobId = createJob(b -> job.getValue().apply(base(b, token, false)));
            JobDescriptor failed = awaitJob(jobId, j -> j.status() == JobStatus.FAILED);
            assertThat(failed.failureReasons()).singleElement().satisfies(reason -> {
                assertThat(reason.failureCode()).isEqualTo("ManifestGenerationFailure");
                assertThat(reason.failureReason()).isEqualTo(job.getKey());
            });
            assertThat(failed.generatedManifestDescriptor()).isNull();
        }
        assertThat(restoredCount()).isZero();
    }

    // ---- refused requests ----

    @Test
    void shouldRefuseGeneratorRequestsTheModelDoesNotAllowAndCreateNoJob() {
        Map<String, UnaryOperator<CreateJobRequest.Builder>> requests = new LinkedHashMap<>();
        String path = "ManifestGenerator.S3JobManifestGenerator.";
        requests.put("a job takes either a Manifest or a ManifestGenerator, not both", b -> b
                .manifest(m -> m.spec(s -> s.format("S3BatchOperations_CSV_20180820").fieldsWithStrings("Bucket", "Key"))
                        .location(l -> l.objectArn("arn:aws:s3:::" + MANIFESTS + "/m.csv").eTag("e"))));
        requests.put("the required element Manifest (or ManifestGenerator) is missing", b -> b.manifestGenerator(
                (software.amazon.awssdk.services.s3control.model.JobManifestGenerator) null));
        requests.put(path + "SourceBucket must be an S3 bucket ARN", b -> generator(b, s -> s.sourceBucket(DATA)));
        requests.put(path + "ManifestOutputLocation is required when EnableManifestOutput is true",
                b -> generator(b, s -> s.enableManifestOutput(true)));
        requests.put(path + "ManifestOutputLocation.ManifestFormat must be S3InventoryReport_CSV_20211130",
                b -> generator(b, s -> s.enableManifestOutput(true).manifestOutputLocation(o -> o
                        .bucket("arn:aws:s3:::" + MANIFESTS).manifestFormat("S3InventoryReport_CSV_20161130"))));
        requests.put(path + "ExpectedBucketOwner must be a 12-digit account id", b -> generator(b, s -> s.expectedBucketOwner("1")));
        requests.put(path + "Filter.MatchAnyStorageClass has 'REDUCED_REDUNDANCY'",
                b -> generator(b, s -> s.filter(f -> f.matchAnyStorageClassWithStrings("GLACIER", "REDUCED_REDUNDANCY"))));
        requests.put(path + "Filter.ObjectReplicationStatuses has 'PENDING'",
                b -> generator(b, s -> s.filter(f -> f.objectReplicationStatusesWithStrings("PENDING"))));
        requests.put(path + "Filter.KeyNameConstraint.MatchAnyPrefix accepts exactly one string, got 2",
                b -> generator(b, s -> s.filter(f -> f.keyNameConstraint(k -> k.matchAnyPrefix("a/", "b/")))));
        requests.put(path + "Filter.KeyNameConstraint.MatchAnySuffix must be 1 to 1024 characters long, got 1025",
                b -> generator(b, s -> s.filter(f -> f.keyNameConstraint(k -> k.matchAnySuffix("s".repeat(1025))))));
        requests.put(path + "Filter.EligibleForReplication=true is not emulated",
                b -> generator(b, s -> s.filter(f -> f.eligibleForReplication(true))));
        requests.put(path + "Filter.MatchAnyObjectEncryption is not emulated", b -> generator(b, s -> s.filter(f -> f
                .matchAnyObjectEncryption(ObjectEncryptionFilter.builder().sses3(x -> { }).build()))));
        int n = 0;
        for (var request : requests.entrySet()) {
            String token = "refused-" + n++;
            assertThatThrownBy(() -> MOTO.s3Control().createJob(b -> request.getValue().apply(base(b, token, false)
                    .manifestGenerator(g -> g.s3JobManifestGenerator(s -> s.sourceBucket("arn:aws:s3:::" + DATA)
                            .enableManifestOutput(false))))))
                    .as(request.getKey())
                    .isInstanceOfSatisfying(S3ControlException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith(request.getKey());
                    });
        }
        assertThat(MOTO.s3Control().listJobs(b -> b.accountId(ACCOUNT)).jobs()).isEmpty();
    }

    @Test
    void shouldRefuseAStatusUpdateReasonLongerThanTheModelAllows() {
        String jobId = createJob(generatorJob("reason-1", true, f -> { }, UnaryOperator.identity()));
        awaitJob(jobId, j -> j.status() == JobStatus.SUSPENDED);
        assertThatThrownBy(() -> MOTO.s3Control().updateJobStatus(b -> b.accountId(ACCOUNT).jobId(jobId)
                .requestedJobStatus(RequestedJobStatus.CANCELLED).statusUpdateReason("r".repeat(257))))
                .isInstanceOfSatisfying(S3ControlException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("statusUpdateReason must be 1 to 256 characters long, got 257");
                });
        assertThat(describe(jobId).status()).isEqualTo(JobStatus.SUSPENDED);
    }

    // ---- helpers ----

    /** The members every test job shares: restore for a day, report on, the given token and confirmation. */
    private static CreateJobRequest.Builder base(CreateJobRequest.Builder b, String token, boolean confirm) {
        return b.accountId(ACCOUNT).clientRequestToken(token).priority(10).roleArn(ROLE).confirmationRequired(confirm)
                .operation(o -> o.s3InitiateRestoreObject(r -> r.expirationInDays(1).glacierJobTier("BULK")))
                .report(r -> r.enabled(true).bucket("arn:aws:s3:::" + REPORTS).prefix("reports")
                        .format("Report_CSV_20180820").reportScope("AllTasks"));
    }

    private static CreateJobRequest.Builder generator(CreateJobRequest.Builder b,
                                                      UnaryOperator<S3JobManifestGenerator.Builder> generator) {
        return b.manifestGenerator(g -> g.s3JobManifestGenerator(s -> generator.apply(
                s.sourceBucket("arn:aws:s3:::" + DATA).enableManifestOutput(false))));
    }

    /** A job over the data bucket whose generated manifest goes to {@link #MANIFESTS} under {@link #PREFIX}. */
    private static Consumer<CreateJobRequest.Builder> generatorJob(String token, boolean confirm,
                                                                   Consumer<JobManifestGeneratorFilter.Builder> filter,
                                                                   UnaryOperator<S3ManifestOutputLocation.Builder> output) {
        return b -> base(b, token, confirm).manifestGenerator(g -> g.s3JobManifestGenerator(s -> s
                .sourceBucket("arn:aws:s3:::" + DATA)
                .enableManifestOutput(true)
                .manifestOutputLocation(o -> output.apply(o.bucket("arn:aws:s3:::" + MANIFESTS).manifestPrefix(PREFIX)
                        .manifestFormat(GeneratedManifestFormat.S3_INVENTORY_REPORT_CSV_20211130)))
                .filter(filter)));
    }

    private String createJob(Consumer<CreateJobRequest.Builder> request) {
        return MOTO.s3Control().createJob(request).jobId();
    }

    private JobDescriptor describe(String jobId) {
        return MOTO.s3Control().describeJob(b -> b.accountId(ACCOUNT).jobId(jobId)).job();
    }

    private JobDescriptor awaitJob(String jobId, Predicate<JobDescriptor> condition) {
        Instant giveUp = Instant.now().plusSeconds(30);
        while (true) {
            JobDescriptor job = describe(jobId);
            if (condition.test(job)) {
                return job;
            }
            assertThat(Instant.now()).as("job %s still %s (%s)", jobId, job.status(), job.failureReasons()).isBefore(giveUp);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The objects of the job's generated manifest, read as the project reads an S3 Inventory report. */
    private static List<ObjectId> generatedObjects(JobDescriptor job) throws IOException {
        String arn = job.generatedManifestDescriptor().location().objectArn();
        String key = arn.substring(("arn:aws:s3:::" + MANIFESTS + "/").length());
        JsonNode manifest = JSON.readTree(MOTO.bytes(MANIFESTS, key));
        List<InventoryManifest.DataFile> files = new ArrayList<>();
        for (JsonNode file : manifest.path("files")) {
            byte[] data = MOTO.bytes(MANIFESTS, file.path("key").asText());
            assertThat(file.path("key").asText()).startsWith(PREFIX + "/job-" + job.jobId() + "/data/").endsWith(".csv.gz");
            assertThat(file.path("size").asLong()).isEqualTo(data.length);
            assertThat(file.path("MD5checksum").asText()).isEqualTo(md5(data));
            files.add(new InventoryManifest.DataFile(file.path("key").asText(), file.path("size").asLong()));
        }
        InventoryManifest inventory = new InventoryManifest(MANIFESTS, manifest.path("fileFormat").asText(),
                manifest.path("fileSchema").asText(), files);
        ManifestLineParser parser = inventory.lineParser();
        List<ObjectId> objects = new ArrayList<>();
        for (InventoryManifest.DataFile file : files) {
            byte[] text = new GZIPInputStream(new ByteArrayInputStream(MOTO.bytes(MANIFESTS, file.key())))
                    .readAllBytes();
            long line = 0;
            for (String row : new String(text, StandardCharsets.UTF_8).lines().toList()) {
                ManifestRecord record = parser.parse(++line, row);
                assertThat(record).isInstanceOf(ManifestRecord.Entry.class);
                objects.add(((ManifestRecord.Entry) record).object());
            }
        }
        return objects;
    }

    private static Instant lastModified(String key) {
        return MOTO.head(key).lastModified();
    }

    /** moto keeps LastModified to the second: wait until objects written now carry a later one. */
    private static void awaitNextSecondAfter(Instant written) throws InterruptedException {
        do {
            Thread.sleep(100);
            MOTO.s3().putObject(b -> b.bucket(MANIFESTS).key("clock-probe"), RequestBody.fromString("p"));
        } while (!MOTO.s3().headObject(b -> b.bucket(MANIFESTS).key("clock-probe")).lastModified().isAfter(written));
    }

    /** Objects of the data bucket with a restore under way or done. */
    private static long restoredCount() {
        return MOTO.s3().listObjectsV2(b -> b.bucket(DATA)).contents().stream()
                .filter(o -> MOTO.head(o.key()).restore() != null)
                .count();
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
