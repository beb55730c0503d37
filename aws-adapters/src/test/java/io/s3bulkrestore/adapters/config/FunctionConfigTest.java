package io.s3bulkrestore.adapters.config;

import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionConfigTest {

    private static Map<String, String> apiEnv() {
        Map<String, String> env = new HashMap<>();
        ApiFunctionConfig.VARIABLES.forEach(name -> env.put(name, "value-of-" + name));
        env.put(ApiFunctionConfig.ALLOWED_BUCKETS, " data-1, data-2 ,,");
        env.remove(ApiFunctionConfig.DEADLINE_FACTOR);
        env.remove(ApiFunctionConfig.MANIFEST_CHUNK_BYTES);
        env.remove(ApiFunctionConfig.QUOTE_EXPIRY_DAYS);
        env.remove(ApiFunctionConfig.COPY_CONCURRENCY);
        return env;
    }

    @Test
    void shouldReadTheApiFunctionsEnvironmentWithDefaults() {
        ApiFunctionConfig config = ApiFunctionConfig.fromEnv(apiEnv());

        assertThat(config.allowedBuckets()).isEqualTo(Set.of("data-1", "data-2"));
        assertThat(config.deadlineFactor()).isEqualTo(2.0);
        assertThat(config.chunkBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.ingestQueueUrl()).isEqualTo("value-of-INGEST_QUEUE_URL");
        assertThat(config.quoteExpiryDays()).isEqualTo(7);
        assertThat(config.copyConcurrency()).isEqualTo(20);
    }

    @Test
    void shouldReadTheCopyFunctionsEnvironmentAndRefuseAThresholdS3WouldNotAccept() {
        Map<String, String> env = new HashMap<>(Map.of("JOBS_TABLE", "j", "OBJECTS_TABLE", "o", "COPY_QUEUE_URL",
                "http://sqs/copies"));
        CopyFunctionConfig defaults = CopyFunctionConfig.fromEnv(env);
        assertThat(defaults.maxAttempts()).isEqualTo(5);
        assertThat(defaults.copySettings().multipartThreshold()).isEqualTo(5L * 1024 * 1024 * 1024);

        env.put(CopyFunctionConfig.COPY_MULTIPART_THRESHOLD_BYTES, "1024");
        assertThatThrownBy(() -> CopyFunctionConfig.fromEnv(env))
                .hasMessageContaining(CopyFunctionConfig.COPY_MULTIPART_THRESHOLD_BYTES);
    }

    @Test
    void shouldRefuseAQuoteExpiryBatchOperationsWouldNotKeep() {
        for (String days : new String[] {"30", "2.5"}) {
            Map<String, String> env = apiEnv();
            env.put(ApiFunctionConfig.QUOTE_EXPIRY_DAYS, days);
            assertThatThrownBy(() -> ApiFunctionConfig.fromEnv(env)).hasMessageContaining("QUOTE_EXPIRY_DAYS")
                    .hasMessageContaining("1 to 29");
        }
    }

    @Test
    void shouldNameTheMissingOrWrongVariable() {
        Map<String, String> env = apiEnv();
        env.remove(ApiFunctionConfig.INGEST_QUEUE_URL);
        assertThatThrownBy(() -> ApiFunctionConfig.fromEnv(env)).hasMessageContaining("INGEST_QUEUE_URL");

        Map<String, String> badFactor = apiEnv();
        badFactor.put(ApiFunctionConfig.DEADLINE_FACTOR, "soon");
        assertThatThrownBy(() -> ApiFunctionConfig.fromEnv(badFactor)).hasMessageContaining("DEADLINE_FACTOR");
    }

    @Test
    void shouldChooseTheRoutingMode() {
        Map<String, String> env = new HashMap<>(Map.of("JOBS_TABLE", "j", "OBJECTS_TABLE", "o", "ALLOWED_BUCKETS", "data-1",
                "INGEST_QUEUE_URL", "http://sqs/ingest"));
        assertThat(IngestFunctionConfig.fromEnv(env).routing()).isInstanceOf(S3NotificationRouting.Mode.EventBridge.class);

        env.put(IngestFunctionConfig.ROUTING_MODE, "sqs");
        assertThatThrownBy(() -> IngestFunctionConfig.fromEnv(env)).hasMessageContaining("RESTORE_EVENTS_QUEUE_ARN");
        env.put(IngestFunctionConfig.RESTORE_EVENTS_QUEUE_ARN, "arn:aws:sqs:us-east-1:1:q");
        assertThat(IngestFunctionConfig.fromEnv(env).routing())
                .isEqualTo(new S3NotificationRouting.Mode.Sqs("arn:aws:sqs:us-east-1:1:q"));

        env.put(IngestFunctionConfig.ROUTING_MODE, "SNS");
        assertThatThrownBy(() -> IngestFunctionConfig.fromEnv(env)).hasMessageContaining("EVENTBRIDGE or SQS");
    }
}
