package io.s3bulkrestore.adapters.s3control;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations.CancelOutcome;
import io.s3bulkrestore.ports.BatchStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3control.S3ControlClient;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 Control requests this adapter sends, checked against the CreateJob / DescribeJob / UpdateJobStatus
 * REST-XML contract AWS documents, and its reading of documented responses and errors.
 */
class S3ControlBatchOperationsTest {

    private static final String ACCOUNT = "123456789012";
    private static final String ROLE = "arn:aws:iam::123456789012:role/BatchRestoreRole";
    private static final String BATCH_JOB_ID = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
    private static final String JOBS = "/v20180820/jobs";

    private static WireMockServer wireMock;
    private static AwsClients clients;
    private static S3ControlClient s3Control;
    private S3ControlBatchOperations batch;

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        clients = new AwsClients(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
                Map.of(AwsClients.Service.S3_CONTROL, URI.create("http://127.0.0.1:" + wireMock.port())));
        s3Control = clients.s3Control();
    }

    @AfterAll
    static void stopWireMock() {
        s3Control.close();
        clients.close();
        wireMock.stop();
    }

    @BeforeEach
    void newAdapter() {
        batch = new S3ControlBatchOperations(s3Control,
                new BatchOperationsSettings(ACCOUNT, ROLE, "restore-reports"));
    }

    @AfterEach
    void resetWireMock() {
        wireMock.resetAll();
    }

    // ---- CreateJob ----

    @Test
    void shouldCreateAGlacierRestoreJobWithEveryDocumentedElement() throws Exception {
        // Given
        stubCreateJobAnswering(BATCH_JOB_ID);
        Job job = job("job-glacier-1", RestoreTier.BULK, 7, StorageFamily.GLACIER, "team-a",
                "manifests/2026 list+&.csv");

        // When
        String batchJobId = batch.createRestoreJob(job, Optional.of(ManifestColumns.BUCKET_KEY));

        // Then
        assertThat(batchJobId).isEqualTo(BATCH_JOB_ID);
        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().value()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo(JOBS);
        assertThat(request.getHeader("x-amz-account-id")).isEqualTo(ACCOUNT);
        // Host-prefix injection is off: the request reached the loopback host itself, not "<account>.127.0.0.1".
        assertThat(request.getHeader("Host")).isEqualTo("127.0.0.1:" + wireMock.port());

        Xml body = Xml.parse(request.getBodyAsString());
        assertThat(body.root()).isEqualTo("CreateJobRequest");
        assertThat(body.namespace()).isEqualTo("http://awss3control.amazonaws.com/doc/2018-08-20/");
        assertThat(body.text("/CreateJobRequest/ConfirmationRequired")).isEqualTo("false");
        assertThat(body.text("/CreateJobRequest/ClientRequestToken")).isEqualTo("job-glacier-1");
        assertThat(body.text("/CreateJobRequest/Priority")).isEqualTo("10");
        assertThat(body.text("/CreateJobRequest/RoleArn")).isEqualTo(ROLE);
        assertThat(body.text("/CreateJobRequest/Description")).contains("job-glacier-1").hasSizeLessThanOrEqualTo(256);

        assertThat(body.children("/CreateJobRequest/Operation")).containsExactly("S3InitiateRestoreObject");
        assertThat(body.text("/CreateJobRequest/Operation/S3InitiateRestoreObject/ExpirationInDays")).isEqualTo("7");
        assertThat(body.text("/CreateJobRequest/Operation/S3InitiateRestoreObject/GlacierJobTier")).isEqualTo("BULK");

        assertThat(body.text("/CreateJobRequest/Manifest/Spec/Format")).isEqualTo("S3BatchOperations_CSV_20180820");
        assertThat(body.texts("/CreateJobRequest/Manifest/Spec/Fields/member")).containsExactly("Bucket", "Key");
        // The key goes into the ARN as it is (no URL encoding); XML escaping of '&' is the SDK's business.
        assertThat(body.text("/CreateJobRequest/Manifest/Location/ObjectArn"))
                .isEqualTo("arn:aws:s3:::manifest-bucket/manifests/2026 list+&.csv");
        assertThat(body.text("/CreateJobRequest/Manifest/Location/ETag")).isEqualTo("9b2cf535f27731c974343645a3985328");
        assertThat(body.count("/CreateJobRequest/Manifest/Location/ObjectVersionId")).isZero();

        assertThat(body.text("/CreateJobRequest/Report/Bucket")).isEqualTo("arn:aws:s3:::restore-reports");
        assertThat(body.text("/CreateJobRequest/Report/Format")).isEqualTo("Report_CSV_20180820");
        assertThat(body.text("/CreateJobRequest/Report/Enabled")).isEqualTo("true");
        assertThat(body.text("/CreateJobRequest/Report/Prefix")).isEqualTo("batch-reports/job-glacier-1");
        assertThat(body.text("/CreateJobRequest/Report/ReportScope")).isEqualTo("AllTasks");

        // The API reference renders list items by type name (<S3Tag>); the service model, and so the wire, uses
        // <member> for every S3 Control list, as for Fields above.
        assertThat(body.texts("/CreateJobRequest/Tags/member/Key"))
                .containsExactly("s3-bulk-restore:job-id", "s3-bulk-restore:client-tag");
        assertThat(body.texts("/CreateJobRequest/Tags/member/Value")).containsExactly("job-glacier-1", "team-a");
    }

    @Test
    void shouldLeaveOutExpirationDaysForIntelligentTieringAndNameVersionIdsWhenTheManifestHasThem() throws Exception {
        // Given
        stubCreateJobAnswering(BATCH_JOB_ID);
        Job job = job("job-it-1", RestoreTier.STANDARD, null, StorageFamily.INTELLIGENT_TIERING, null,
                "versioned.csv");

        // When
        batch.createRestoreJob(job, Optional.of(ManifestColumns.BUCKET_KEY_VERSION));

        // Then
        Xml body = Xml.parse(onlyRequest().getBodyAsString());
        assertThat(body.count("/CreateJobRequest/Operation/S3InitiateRestoreObject")).isOne();
        assertThat(body.count("/CreateJobRequest/Operation/S3InitiateRestoreObject/ExpirationInDays")).isZero();
        assertThat(body.text("/CreateJobRequest/Operation/S3InitiateRestoreObject/GlacierJobTier"))
                .isEqualTo("STANDARD");
        assertThat(body.texts("/CreateJobRequest/Manifest/Spec/Fields/member"))
                .containsExactly("Bucket", "Key", "VersionId");
        // No client tag: only our job-id tag.
        assertThat(body.texts("/CreateJobRequest/Tags/member/Key")).containsExactly("s3-bulk-restore:job-id");
    }

    @Test
    void shouldDescribeAnInventoryManifestWithoutFields() throws Exception {
        // Given
        stubCreateJobAnswering(BATCH_JOB_ID);
        Job job = job("job-inv-1", RestoreTier.STANDARD, 3, StorageFamily.GLACIER, null,
                "inventory/archive-1/all/2026-11-20T01-00Z/manifest.json");

        // When
        batch.createRestoreJob(job, Optional.empty());

        // Then
        Xml body = Xml.parse(onlyRequest().getBodyAsString());
        assertThat(body.text("/CreateJobRequest/Manifest/Spec/Format")).isEqualTo("S3InventoryReport_CSV_20161130");
        assertThat(body.count("/CreateJobRequest/Manifest/Spec/Fields")).isZero();
        assertThat(body.text("/CreateJobRequest/Manifest/Location/ObjectArn"))
                .isEqualTo("arn:aws:s3:::manifest-bucket/inventory/archive-1/all/2026-11-20T01-00Z/manifest.json");
    }

    @Test
    void shouldCreateTheFollowUpOfAGlacierManifestJobWithoutDaysOverItsInventoryManifest() throws Exception {
        // Given a GLACIER job (7 days) whose Intelligent-Tiering archive objects are listed in a follow-up manifest
        stubCreateJobAnswering(BATCH_JOB_ID);
        Job job = job("job-mixed-1", RestoreTier.BULK, 7, StorageFamily.GLACIER, "team-a", "m.csv");
        ManifestLocation followUp = new ManifestLocation("restore-reports",
                "batch-reports/job-mixed-1/intelligent-tiering/manifest.json", "\"0123456789abcdef0123456789abcdef\"",
                321);

        // When
        String batchJobId = batch.createFollowUpJob(job, followUp);

        // Then the same tier, no days, the inventory manifest, the job's report folder, a token of its own
        assertThat(batchJobId).isEqualTo(BATCH_JOB_ID);
        Xml body = Xml.parse(onlyRequest().getBodyAsString());
        assertThat(body.text("/CreateJobRequest/ClientRequestToken")).isEqualTo("job-mixed-1-it");
        assertThat(body.text("/CreateJobRequest/ConfirmationRequired")).isEqualTo("false");
        assertThat(body.count("/CreateJobRequest/Operation/S3InitiateRestoreObject")).isOne();
        assertThat(body.count("/CreateJobRequest/Operation/S3InitiateRestoreObject/ExpirationInDays")).isZero();
        assertThat(body.text("/CreateJobRequest/Operation/S3InitiateRestoreObject/GlacierJobTier")).isEqualTo("BULK");
        assertThat(body.text("/CreateJobRequest/Manifest/Spec/Format")).isEqualTo("S3InventoryReport_CSV_20161130");
        assertThat(body.count("/CreateJobRequest/Manifest/Spec/Fields")).isZero();
        assertThat(body.text("/CreateJobRequest/Manifest/Location/ObjectArn"))
                .isEqualTo("arn:aws:s3:::restore-reports/batch-reports/job-mixed-1/intelligent-tiering/manifest.json");
        assertThat(body.text("/CreateJobRequest/Manifest/Location/ETag")).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(body.text("/CreateJobRequest/Report/Prefix")).isEqualTo("batch-reports/job-mixed-1");
        assertThat(body.text("/CreateJobRequest/Report/ReportScope")).isEqualTo("AllTasks");
        assertThat(body.text("/CreateJobRequest/RoleArn")).isEqualTo(ROLE);
        assertThat(body.texts("/CreateJobRequest/Tags/member/Value")).containsExactly("job-mixed-1", "team-a");
    }

    @Test
    void shouldCreateTheBatchJobOfAManifestJobThatAskedForAQuoteWaitingForConfirmation() throws Exception {
        stubCreateJobAnswering(BATCH_JOB_ID);
        Job auto = job("job-quoted-1", RestoreTier.BULK, 7, StorageFamily.GLACIER, null, "m.csv");
        var manual = new CreateJobRequest("manifest-bucket", "m.csv", RestoreTier.BULK, 7, StorageFamily.GLACIER,
                ManifestFormat.CSV, null, null, io.s3bulkrestore.model.ConfirmMode.MANUAL);
        Job quoted = new Job(auto.id(), auto.status(), manual, auto.manifest(), auto.createdAt(), auto.deadline(), null,
                null, null, null, false, null, null, null);

        batch.createRestoreJob(quoted, Optional.of(ManifestColumns.BUCKET_KEY));

        Xml body = Xml.parse(onlyRequest().getBodyAsString());
        assertThat(body.text("/CreateJobRequest/ConfirmationRequired")).isEqualTo("true");
        assertThat(body.text("/CreateJobRequest/ClientRequestToken")).isEqualTo("job-quoted-1");
        assertThat(body.text("/CreateJobRequest/Manifest/Spec/Format")).isEqualTo("S3BatchOperations_CSV_20180820");
        assertThat(body.text("/CreateJobRequest/Operation/S3InitiateRestoreObject/ExpirationInDays")).isEqualTo("7");
    }

    @Test
    void shouldHonourAConfiguredReportPrefix() throws Exception {
        // Given
        stubCreateJobAnswering(BATCH_JOB_ID);
        batch = new S3ControlBatchOperations(s3Control,
                new BatchOperationsSettings(ACCOUNT, ROLE, "restore-reports", "reports/batch/"));

        // When
        batch.createRestoreJob(job("job-prefix-1", RestoreTier.BULK, 1, StorageFamily.GLACIER, null, "m.csv"),
                Optional.of(ManifestColumns.BUCKET_KEY));

        // Then
        assertThat(Xml.parse(onlyRequest().getBodyAsString()).text("/CreateJobRequest/Report/Prefix"))
                .isEqualTo("reports/batch/job-prefix-1");
    }

    @Test
    void shouldTranslateAServerErrorIntoUpstreamFailedWithTheRequestIdButNotTheAwsText() {
        // Given
        wireMock.stubFor(post(urlPathEqualTo(JOBS)).willReturn(errorResponse(500, "InternalError",
                "We encountered an internal error. Please try again.", "REQ-500-XYZ")));
        Job job = job("job-fail-1", RestoreTier.BULK, 1, StorageFamily.GLACIER, null, "m.csv");

        // When / Then
        assertThatThrownBy(() -> batch.createRestoreJob(job, Optional.of(ManifestColumns.BUCKET_KEY)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage())
                            .isEqualTo("S3 Batch Operations CreateJob failed (AWS request id REQ-500-XYZ)")
                            .doesNotContain("internal error");
                });
    }

    @Test
    void shouldTranslateARefusedRequestIntoUpstreamFailed() {
        // Given
        wireMock.stubFor(post(urlPathEqualTo(JOBS)).willReturn(errorResponse(400, "InvalidRequest",
                "Request invalid: role arn:aws:iam::123456789012:role/x cannot be assumed", "REQ-400-ROLE")));
        Job job = job("job-fail-2", RestoreTier.BULK, 1, StorageFamily.GLACIER, null, "m.csv");

        // When / Then
        assertThatThrownBy(() -> batch.createRestoreJob(job, Optional.of(ManifestColumns.BUCKET_KEY)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).contains("REQ-400-ROLE").doesNotContain("assumed");
                });
    }

    // ---- DescribeJob ----

    @Test
    void shouldReadStatusProgressFailuresAndReportFromDescribeJob() {
        // Given
        wireMock.stubFor(get(urlPathEqualTo(JOBS + "/" + BATCH_JOB_ID)).willReturn(xml(200, """
                <?xml version="1.0" encoding="UTF-8"?>
                <DescribeJobResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">
                  <Job>
                    <JobId>a1b2c3d4-5678-90ab-cdef-EXAMPLE11111</JobId>
                    <ConfirmationRequired>false</ConfirmationRequired>
                    <Description>s3-bulk-restore job job-1</Description>
                    <JobArn>arn:aws:s3:us-east-1:123456789012:job/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111</JobArn>
                    <Status>Failed</Status>
                    <Manifest>
                      <Spec><Format>S3BatchOperations_CSV_20180820</Format><Fields><member>Bucket</member><member>Key</member></Fields></Spec>
                      <Location><ObjectArn>arn:aws:s3:::manifest-bucket/m.csv</ObjectArn><ETag>9b2cf535f27731c974343645a3985328</ETag></Location>
                    </Manifest>
                    <Operation><S3InitiateRestoreObject><ExpirationInDays>7</ExpirationInDays><GlacierJobTier>BULK</GlacierJobTier></S3InitiateRestoreObject></Operation>
                    <Priority>10</Priority>
                    <ProgressSummary>
                      <TotalNumberOfTasks>1200</TotalNumberOfTasks>
                      <NumberOfTasksSucceeded>500</NumberOfTasksSucceeded>
                      <NumberOfTasksFailed>650</NumberOfTasksFailed>
                    </ProgressSummary>
                    <FailureReasons>
                      <member><FailureCode>TaskFailureRateExceeded</FailureCode><FailureReason>More than 50% of tasks failed</FailureReason></member>
                      <member><FailureCode>ManifestFailure</FailureCode><FailureReason>Some manifest lines were invalid</FailureReason></member>
                    </FailureReasons>
                    <Report>
                      <Bucket>arn:aws:s3:::restore-reports</Bucket>
                      <Format>Report_CSV_20180820</Format>
                      <Enabled>true</Enabled>
                      <Prefix>batch-reports/job-1</Prefix>
                      <ReportScope>AllTasks</ReportScope>
                    </Report>
                    <CreationTime>2026-11-20T10:15:30Z</CreationTime>
                    <TerminationDate>2026-11-20T11:15:30Z</TerminationDate>
                    <RoleArn>arn:aws:iam::123456789012:role/BatchRestoreRole</RoleArn>
                  </Job>
                </DescribeJobResult>
                """)));

        // When
        BatchJobState state = batch.describe(BATCH_JOB_ID);

        // Then
        assertThat(state).isEqualTo(new BatchJobState(BatchStatus.FAILED, 1200, 500, 650,
                List.of("TaskFailureRateExceeded: More than 50% of tasks failed",
                        "ManifestFailure: Some manifest lines were invalid"),
                Optional.of("restore-reports"), Optional.of("batch-reports/job-1")));
        assertThat(state.isTerminal()).isTrue();
        wireMock.verify(getRequestedFor(urlPathEqualTo(JOBS + "/" + BATCH_JOB_ID))
                .withHeader("x-amz-account-id", equalTo(ACCOUNT)));
    }

    @Test
    void shouldDescribeANewJobWithoutProgressFailuresOrReport() {
        // Given
        wireMock.stubFor(get(urlPathEqualTo(JOBS + "/" + BATCH_JOB_ID)).willReturn(xml(200, """
                <?xml version="1.0" encoding="UTF-8"?>
                <DescribeJobResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">
                  <Job>
                    <JobId>a1b2c3d4-5678-90ab-cdef-EXAMPLE11111</JobId>
                    <Status>Preparing</Status>
                    <Priority>10</Priority>
                  </Job>
                </DescribeJobResult>
                """)));

        // When
        BatchJobState state = batch.describe(BATCH_JOB_ID);

        // Then
        assertThat(state).isEqualTo(new BatchJobState(BatchStatus.PREPARING, 0, 0, 0, List.of(), Optional.empty(),
                Optional.empty()));
        assertThat(state.isTerminal()).isFalse();
    }

    @Test
    void shouldTranslateAnUnknownJobIntoUpstreamFailed() {
        // Given
        wireMock.stubFor(get(urlPathEqualTo(JOBS + "/" + BATCH_JOB_ID)).willReturn(errorResponse(404,
                "NotFoundException", "Job a1b2 not found", "REQ-404-JOB")));

        // When / Then
        assertThatThrownBy(() -> batch.describe(BATCH_JOB_ID))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage())
                            .isEqualTo("S3 Batch Operations DescribeJob failed (AWS request id REQ-404-JOB)");
                });
    }

    // ---- Source jobs: ManifestGenerator, ConfirmationRequired, Ready ----

    private static Job sourceJob() {
        var source = new io.s3bulkrestore.model.RestoreSource("archive-1", "logs/2019/", ".parquet", null,
                Instant.parse("2019-01-01T00:00:00Z"), null, null, 5_000_000L,
                java.util.List.of(io.s3bulkrestore.model.SourceStorageClass.DEEP_ARCHIVE,
                        io.s3bulkrestore.model.SourceStorageClass.INTELLIGENT_TIERING));
        var request = CreateJobRequest.ofSource(source, RestoreTier.BULK, 7, "team-a",
                io.s3bulkrestore.model.ConfirmMode.MANUAL);
        Instant created = Instant.parse("2026-11-20T10:15:30Z");
        return Job.awaitingConfirmation(new JobId("job-src-1"), request, new ManifestLocation("restore-reports",
                "batch-reports/job-src-1/objects/manifest.json", "", 0), created, created.plusSeconds(86_400), null);
    }

    @Test
    void shouldCreateASuspendedGeneratorJobForOneStorageClassWithTheSourcesFilters() throws Exception {
        // Given
        stubCreateJobAnswering(BATCH_JOB_ID);

        // When
        String batchJobId = batch.createSourceJob(sourceJob(), io.s3bulkrestore.model.SourceStorageClass.DEEP_ARCHIVE);

        // Then
        assertThat(batchJobId).isEqualTo(BATCH_JOB_ID);
        Xml body = Xml.parse(onlyRequest().getBodyAsString());
        assertThat(body.text("/CreateJobRequest/ConfirmationRequired")).isEqualTo("true");
        assertThat(body.text("/CreateJobRequest/ClientRequestToken")).isEqualTo("job-src-1-deep-archive");
        assertThat(body.count("/CreateJobRequest/Manifest")).isZero();
        assertThat(body.text("/CreateJobRequest/Operation/S3InitiateRestoreObject/ExpirationInDays")).isEqualTo("7");
        String generator = "/CreateJobRequest/ManifestGenerator/S3JobManifestGenerator";
        assertThat(body.text(generator + "/SourceBucket")).isEqualTo("arn:aws:s3:::archive-1");
        assertThat(body.text(generator + "/EnableManifestOutput")).isEqualTo("true");
        assertThat(body.text(generator + "/ManifestOutputLocation/Bucket")).isEqualTo("arn:aws:s3:::restore-reports");
        assertThat(body.text(generator + "/ManifestOutputLocation/ManifestPrefix"))
                .isEqualTo("batch-reports/job-src-1/deep-archive");
        assertThat(body.text(generator + "/ManifestOutputLocation/ManifestFormat"))
                .isEqualTo("S3InventoryReport_CSV_20211130");
        assertThat(body.count(generator + "/ManifestOutputLocation/ManifestEncryption/SSE-S3")).isOne();
        assertThat(body.texts(generator + "/Filter/KeyNameConstraint/MatchAnyPrefix/member"))
                .containsExactly("logs/2019/");
        assertThat(body.texts(generator + "/Filter/KeyNameConstraint/MatchAnySuffix/member"))
                .containsExactly(".parquet");
        assertThat(body.count(generator + "/Filter/KeyNameConstraint/MatchAnySubstring")).isZero();
        assertThat(body.text(generator + "/Filter/CreatedAfter")).startsWith("2019-01-01T00:00:00");
        assertThat(body.count(generator + "/Filter/CreatedBefore")).isZero();
        assertThat(body.text(generator + "/Filter/ObjectSizeLessThanBytes")).isEqualTo("5000000");
        assertThat(body.texts(generator + "/Filter/MatchAnyStorageClass/member")).containsExactly("DEEP_ARCHIVE");
        assertThat(body.texts("/CreateJobRequest/Tags/member/Value")).containsExactly("job-src-1", "team-a");
    }

    @Test
    void shouldCreateTheIntelligentTieringJobOfASourceWithoutDays() throws Exception {
        stubCreateJobAnswering(BATCH_JOB_ID);

        batch.createSourceJob(sourceJob(), io.s3bulkrestore.model.SourceStorageClass.INTELLIGENT_TIERING);

        Xml body = Xml.parse(onlyRequest().getBodyAsString());
        assertThat(body.count("/CreateJobRequest/Operation/S3InitiateRestoreObject/ExpirationInDays")).isZero();
        assertThat(body.text("/CreateJobRequest/ClientRequestToken")).isEqualTo("job-src-1-intelligent-tiering");
        assertThat(body.texts("/CreateJobRequest/ManifestGenerator/S3JobManifestGenerator/Filter/MatchAnyStorageClass/member"))
                .containsExactly("INTELLIGENT_TIERING");
    }

    @Test
    void shouldConfirmWithReadyAndToleratesAJobNoLongerSuspended() {
        wireMock.stubFor(post(urlPathEqualTo(statusPath())).willReturn(errorResponse(409, "JobStatusException",
                "job is not Suspended", "REQ-409-READY")));

        batch.confirm(BATCH_JOB_ID); // a retry of a confirm that went through: harmless

        assertThat(onlyRequest().getUrl()).isEqualTo(statusPath() + "?requestedJobStatus=Ready&statusUpdateReason="
                + "quote%20confirmed%20through%20the%20s3-bulk-restore%20API");
    }

    @Test
    void shouldReadTheGeneratedManifestOfADescribedJob() {
        wireMock.stubFor(get(urlPathEqualTo(JOBS + "/" + BATCH_JOB_ID)).willReturn(xml(200, """
                <?xml version="1.0" encoding="UTF-8"?>
                <DescribeJobResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">
                  <Job>
                    <JobId>a1b2c3d4-5678-90ab-cdef-EXAMPLE11111</JobId>
                    <Status>Suspended</Status>
                    <ProgressSummary><TotalNumberOfTasks>1200</TotalNumberOfTasks><NumberOfTasksSucceeded>0</NumberOfTasksSucceeded><NumberOfTasksFailed>0</NumberOfTasksFailed></ProgressSummary>
                    <GeneratedManifestDescriptor>
                      <Format>S3InventoryReport_CSV_20211130</Format>
                      <Location><ObjectArn>arn:aws:s3:::restore-reports/batch-reports/job-src-1/deep-archive/job-a1b2/manifest.json</ObjectArn><ETag>abc</ETag></Location>
                    </GeneratedManifestDescriptor>
                  </Job>
                </DescribeJobResult>
                """)));

        BatchJobState state = batch.describe(BATCH_JOB_ID);

        assertThat(state.awaitsConfirmation()).isTrue();
        assertThat(state.totalTasks()).isEqualTo(1200);
        assertThat(state.generatedManifest()).contains(new BatchJobState.ObjectLocation("restore-reports",
                "batch-reports/job-src-1/deep-archive/job-a1b2/manifest.json"));
    }

    // ---- UpdateJobStatus ----

    @Test
    void shouldRequestCancellationWithAReason() {
        // Given
        wireMock.stubFor(post(urlPathEqualTo(statusPath())).willReturn(xml(200, """
                <?xml version="1.0" encoding="UTF-8"?>
                <UpdateJobStatusResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">
                  <JobId>a1b2c3d4-5678-90ab-cdef-EXAMPLE11111</JobId>
                  <Status>Cancelling</Status>
                  <StatusUpdateReason>cancelled through the s3-bulk-restore API</StatusUpdateReason>
                </UpdateJobStatusResult>
                """)));

        // When
        CancelOutcome outcome = batch.cancel(BATCH_JOB_ID);

        // Then
        assertThat(outcome).isEqualTo(CancelOutcome.CANCELLING);
        LoggedRequest request = onlyRequest();
        assertThat(request.getMethod().value()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo(statusPath()
                + "?requestedJobStatus=Cancelled&statusUpdateReason=cancelled%20through%20the%20s3-bulk-restore%20API");
        assertThat(request.getHeader("x-amz-account-id")).isEqualTo(ACCOUNT);
    }

    @Test
    void shouldReportAlreadyFinishedWhenBatchOperationsRefusesToCancelACompletedJob() {
        // Given
        wireMock.stubFor(post(urlPathEqualTo(statusPath())).willReturn(errorResponse(409, "JobStatusException",
                "Job is in a terminal state and cannot be updated", "REQ-409-DONE")));
        stubDescribeStatus("Complete");

        // When / Then
        assertThat(batch.cancel(BATCH_JOB_ID)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
    }

    @Test
    void shouldTreatARetriedCancelOfACancelledJobAsCancelling() {
        // Given
        wireMock.stubFor(post(urlPathEqualTo(statusPath())).willReturn(errorResponse(409, "JobStatusException",
                "Job is in a terminal state and cannot be updated", "REQ-409-CANCELLED")));
        stubDescribeStatus("Cancelled");

        // When / Then
        assertThat(batch.cancel(BATCH_JOB_ID)).isEqualTo(CancelOutcome.CANCELLING);
    }

    @Test
    void shouldTranslateOtherCancelFailuresIntoUpstreamFailed() {
        // Given
        wireMock.stubFor(post(urlPathEqualTo(statusPath())).willReturn(errorResponse(400, "BadRequestException",
                "Bad request: secret detail", "REQ-400-CANCEL")));

        // When / Then
        assertThatThrownBy(() -> batch.cancel(BATCH_JOB_ID))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage())
                            .isEqualTo("S3 Batch Operations UpdateJobStatus failed (AWS request id REQ-400-CANCEL)");
                });
    }

    // ---- helpers ----

    private static String statusPath() {
        return JOBS + "/" + BATCH_JOB_ID + "/status";
    }

    private static void stubCreateJobAnswering(String batchJobId) {
        wireMock.stubFor(post(urlPathEqualTo(JOBS)).willReturn(xml(200, """
                <?xml version="1.0" encoding="UTF-8"?>
                <CreateJobResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">
                  <JobId>%s</JobId>
                </CreateJobResult>
                """.formatted(batchJobId))));
    }

    private static void stubDescribeStatus(String status) {
        wireMock.stubFor(get(urlPathEqualTo(JOBS + "/" + BATCH_JOB_ID)).willReturn(xml(200, """
                <?xml version="1.0" encoding="UTF-8"?>
                <DescribeJobResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">
                  <Job><JobId>a1b2c3d4-5678-90ab-cdef-EXAMPLE11111</JobId><Status>%s</Status></Job>
                </DescribeJobResult>
                """.formatted(status))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", "REQ-OK")
                .withBody(body);
    }

    /** The S3 Control error shape: an ErrorResponse wrapping Error, with the request id in header and body. */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder errorResponse(
            int status, String code, String message, String requestId) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", requestId)
                .withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ErrorResponse>
                          <Error><Code>%s</Code><Message>%s</Message></Error>
                          <RequestId>%s</RequestId>
                          <HostId>host-id-example</HostId>
                        </ErrorResponse>
                        """.formatted(code, message, requestId));
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = wireMock.findAll(postRequestedFor(urlPathEqualTo(JOBS)));
        if (requests.isEmpty()) {
            requests = wireMock.findAll(postRequestedFor(urlPathEqualTo(statusPath())));
        }
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static Job job(String id, RestoreTier tier, Integer days, StorageFamily storage, String clientTag,
                           String manifestKey) {
        var request = new CreateJobRequest("manifest-bucket", manifestKey, tier, days, storage,
                manifestKey.endsWith(".json") ? ManifestFormat.INVENTORY : ManifestFormat.CSV, clientTag);
        var manifest = new ManifestLocation("manifest-bucket", manifestKey, "\"9b2cf535f27731c974343645a3985328\"", 42);
        Instant created = Instant.parse("2026-11-20T10:15:30Z");
        return Job.submitting(new JobId(id), request, manifest, created, created.plusSeconds(86_400), null);
    }

    /** A request body parsed with the JDK's DOM, queried with XPath on element names. */
    private record Xml(Document document, XPath xpath) {

        static Xml parse(String body) throws Exception {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes()));
            return new Xml(document, XPathFactory.newInstance().newXPath());
        }

        String root() {
            return document.getDocumentElement().getNodeName();
        }

        String namespace() {
            return document.getDocumentElement().getAttribute("xmlns");
        }

        String text(String path) throws Exception {
            assertThat(count(path)).as("one element at %s", path).isOne();
            return (String) xpath.evaluate(path, document, XPathConstants.STRING);
        }

        List<String> texts(String path) throws Exception {
            NodeList nodes = (NodeList) xpath.evaluate(path, document, XPathConstants.NODESET);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                values.add(nodes.item(i).getTextContent());
            }
            return values;
        }

        List<String> children(String path) throws Exception {
            NodeList nodes = (NodeList) xpath.evaluate(path + "/*", document, XPathConstants.NODESET);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                names.add(nodes.item(i).getNodeName());
            }
            return names;
        }

        int count(String path) throws Exception {
            return ((Number) xpath.evaluate("count(" + path + ")", document, XPathConstants.NUMBER)).intValue();
        }
    }
}
