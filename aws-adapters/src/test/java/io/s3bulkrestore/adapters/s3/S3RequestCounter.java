package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.emulators.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the S3 requests a client sends, by operation (each API call once, whatever the SDK's retries). */
final class S3RequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    /** A path-style client for moto that counts its requests here, and runs {@code more} too. */
    S3Client client(MotoServer moto, ExecutionInterceptor... more) {
        return S3Client.builder()
                .endpointOverride(moto.endpoint())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> {
                    o.addExecutionInterceptor(this);
                    for (ExecutionInterceptor interceptor : more) {
                        o.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        requests.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), op -> new LongAdder())
                .increment();
    }

    long count(String operation) {
        LongAdder adder = requests.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** Requests that write an object or a part. */
    long writes() {
        return count("CopyObject") + count("PutObject") + count("UploadPartCopy") + count("CompleteMultipartUpload")
                + count("CreateMultipartUpload");
    }

    void reset() {
        requests.clear();
    }

    @Override
    public String toString() {
        Map<String, Long> sorted = new TreeMap<>();
        requests.forEach((op, n) -> sorted.put(op, n.sum()));
        return sorted.toString();
    }
}
