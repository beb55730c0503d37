package io.s3bulkrestore.sandbox.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.ports.BatchJobState;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch emulator on moto, as its ITs drive it: moto for all of a test class's tests, emptied before each test
 * and given a data, a manifest and a report bucket; an emulator a test starts with the settings it needs, closed
 * after it, and the project's {@link S3ControlBatchOperations} adapter on it; with what those tests put in S3 and
 * ask of a job. Register it with {@code @RegisterExtension static final EmulatorFixture MOTO = new EmulatorFixture()}.
 */
public final class EmulatorFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    public static final String ACCOUNT = MotoServer.ACCOUNT_ID;
    public static final String ROLE = "arn:aws:iam::123456789012:role/BatchRestoreRole";
    public static final String DATA = "archive-data";
    public static final String MANIFESTS = "manifests";
    public static final String REPORTS = "restore-reports";

    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoServer moto;
    private AwsClients motoClients;
    private S3Client s3;
    private SqsClient sqs;
    private BatchOperationsEmulator emulator;
    private AwsClients clients;
    private S3ControlClient s3Control;
    private S3ControlBatchOperations batch;

    @Override
    public void beforeAll(ExtensionContext context) {
        moto = MotoServer.start();
        motoClients = EmulatorClients.of(moto);
        s3 = motoClients.s3();
        sqs = motoClients.sqs();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (moto == null) {
            return;
        }
        s3.close();
        sqs.close();
        motoClients.close();
        moto.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        moto.reset();
        for (String bucket : List.of(DATA, MANIFESTS, REPORTS)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (emulator != null) {
            emulator.close();
            s3Control.close();
            clients.close();
            emulator = null;
        }
    }

    /** Starts this test's emulator on moto's S3; Intelligent-Tiering restores complete unannounced. */
    public void startEmulator(BatchEmulatorSettings settings) {
        startEmulator(settings, TierRestoreListener.NONE);
    }

    /** Starts this test's emulator on moto's S3, telling {@code tierRestores} of each Intelligent-Tiering restore done. */
    public void startEmulator(BatchEmulatorSettings settings, TierRestoreListener tierRestores) {
        emulator = BatchOperationsEmulator.start(s3, settings, tierRestores);
        clients = EmulatorClients.of(moto, Map.of(AwsClients.Service.S3_CONTROL, emulator.endpoint()));
        s3Control = clients.s3Control();
        batch = new S3ControlBatchOperations(s3Control, new BatchOperationsSettings(ACCOUNT, ROLE, REPORTS));
    }

    public MotoServer moto() {
        return moto;
    }

    /** Clients of moto's services (the test closes those it builds; the fixture closes their HTTP client). */
    public AwsClients motoClients() {
        return motoClients;
    }

    public S3Client s3() {
        return s3;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public BatchOperationsEmulator emulator() {
        return emulator;
    }

    /** A raw S3 Control client on the emulator, for what the project's adapter does not ask. */
    public S3ControlClient s3Control() {
        return s3Control;
    }

    /** The project's adapter on the emulator. */
    public S3ControlBatchOperations batch() {
        return batch;
    }

    // ---- the data bucket ----

    /** Puts an object in the data bucket whose content names it. */
    public void put(String key, StorageClass storageClass) {
        s3.putObject(b -> b.bucket(DATA).key(key).storageClass(storageClass), RequestBody.fromString("content of " + key));
    }

    /** Puts an object of {@code size} bytes in the data bucket. */
    public void put(String key, StorageClass storageClass, int size) {
        s3.putObject(b -> b.bucket(DATA).key(key).storageClass(storageClass), RequestBody.fromString("x".repeat(size)));
    }

    /** Puts an Intelligent-Tiering object in the data bucket with {@code tagging} (its tier tag, if any). */
    public void putTiered(String key, String tagging) {
        s3.putObject(b -> b.bucket(DATA).key(key).storageClass(StorageClass.INTELLIGENT_TIERING).tagging(tagging),
                RequestBody.fromString("content of " + key));
    }

    public HeadObjectResponse head(String key) {
        return s3.headObject(b -> b.bucket(DATA).key(key));
    }

    public List<Tag> tags(String key) {
        return s3.getObjectTagging(b -> b.bucket(DATA).key(key)).tagSet();
    }

    public byte[] bytes(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    // ---- jobs ----

    /** A Batch Operations CSV manifest of objects in the data bucket, keys URL-encoded as S3 writes them. */
    public ManifestLocation csvManifest(String name, List<String> keys) {
        StringBuilder csv = new StringBuilder();
        keys.forEach(key -> csv.append(DATA).append(',').append(CompletionReport.encodeKey(key)).append('\n'));
        String etag = s3.putObject(b -> b.bucket(MANIFESTS).key(name), RequestBody.fromString(csv.toString())).eTag();
        return new ManifestLocation(MANIFESTS, name, etag, csv.length());
    }

    /** A BULK Glacier restore job over a CSV manifest, for 3 days. */
    public static Job glacierJob(String id, ManifestLocation manifest) {
        return restoreJob(id, manifest, StorageFamily.GLACIER, 3);
    }

    /** A BULK Intelligent-Tiering restore job over a CSV manifest (no days). */
    public static Job tieringJob(String id, ManifestLocation manifest) {
        return restoreJob(id, manifest, StorageFamily.INTELLIGENT_TIERING, null);
    }

    private static Job restoreJob(String id, ManifestLocation manifest, StorageFamily storage, Integer days) {
        var request = new CreateJobRequest(manifest.bucket(), manifest.key(), RestoreTier.BULK, days, storage,
                ManifestFormat.CSV, null);
        return Job.submitting(new JobId(id), request, manifest, Instant.now(), Instant.now().plusSeconds(3600), null);
    }

    /** The batch job's state once it has ended, within 30 s. */
    public BatchJobState awaitEnd(String batchJobId) {
        return awaitState(batchJobId, BatchJobState::isTerminal);
    }

    /** The batch job's state once it satisfies {@code condition}, asked every 50 ms for up to 30 s. */
    public BatchJobState awaitState(String batchJobId, Predicate<BatchJobState> condition) {
        Instant giveUp = Instant.now().plusSeconds(30);
        while (true) {
            BatchJobState state = batch.describe(batchJobId);
            if (condition.test(state)) {
                return state;
            }
            assertThat(Instant.now()).as("job %s still %s", batchJobId, state).isBefore(giveUp);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every row of the batch job's completion report (all its results files). */
    public List<String> reportRows(String batchJobId) throws IOException {
        String manifestKey = s3.listObjectsV2(b -> b.bucket(REPORTS).prefix("batch-reports/")).contents().stream()
                .map(o -> o.key()).filter(k -> k.endsWith("/job-" + batchJobId + "/manifest.json")).findFirst()
                .orElseThrow();
        JsonNode manifest = JSON.readTree(bytes(REPORTS, manifestKey));
        List<String> rows = new ArrayList<>();
        for (JsonNode result : manifest.path("Results")) {
            rows.addAll(s3.getObjectAsBytes(b -> b.bucket(REPORTS).key(result.path("Key").asText())).asUtf8String()
                    .lines().toList());
        }
        return rows;
    }
}
