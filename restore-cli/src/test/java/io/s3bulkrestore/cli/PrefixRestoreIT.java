package io.s3bulkrestore.cli;

import io.s3bulkrestore.emulators.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** 5,000 objects of mixed classes under one prefix: bounded concurrency and exact counts. */
class PrefixRestoreIT {

    private static final int GLACIER = 2000;
    private static final int DEEP = 1000;
    private static final int STANDARD = 1500;
    private static final int IT = 500;

    private static MotoServer moto;
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger maxInFlight = new AtomicInteger();

    @BeforeAll
    static void givenFiveThousandObjects() throws Exception {
        moto = MotoServer.start();
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket("data-1"));
            s3.putObject(b -> b.bucket("data-1").key("elsewhere/g").storageClass(StorageClass.GLACIER), RequestBody.fromString("x"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int i = 0; i < GLACIER + DEEP + STANDARD + IT; i++) {
                int n = i;
                StorageClass storageClass = n < GLACIER ? StorageClass.GLACIER : n < GLACIER + DEEP
                        ? StorageClass.DEEP_ARCHIVE : n < GLACIER + DEEP + STANDARD ? StorageClass.STANDARD
                        : StorageClass.INTELLIGENT_TIERING;
                pool.execute(() -> s3.putObject(b -> b.bucket("data-1").key("batch/" + n).storageClass(storageClass),
                        RequestBody.fromString("0123456789")));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        }
        maxInFlight.set(0);
    }

    @AfterAll
    static void stop() {
        moto.close();
    }

    /** A client that records how many of its calls run at once. */
    private static S3Client client() {
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    }

                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        inFlight.decrementAndGet();
                    }

                    @Override
                    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                        inFlight.decrementAndGet();
                    }
                }))
                .build();
    }

    @Test
    void shouldRestoreEveryArchivedObjectWithBoundedConcurrencyAndExactCounts() {
        CliRun run = CliRun.run(options -> client(), "restore", "--bucket", "data-1", "--prefix", "batch/",
                "--concurrency", "8", "--json", "--progress");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"RESTORE_STARTED\" : " + (GLACIER + DEEP),
                "\"NOT_ARCHIVED\" : " + (STANDARD + IT), "\"FAILED\" : 0", "\"total\" : 5000");
        assertThat(maxInFlight.get()).isBetween(2, 8 + 1); // 8 workers, plus the listing thread
        assertThat(run.err()).contains("5000/5000");

    }
}
