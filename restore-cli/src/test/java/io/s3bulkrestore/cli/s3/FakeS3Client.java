package io.s3bulkrestore.cli.s3;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.OptionalObjectAttributes;
import software.amazon.awssdk.services.s3.model.RestoreObjectRequest;
import software.amazon.awssdk.services.s3.model.RestoreObjectResponse;
import software.amazon.awssdk.services.s3.model.RestoreStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One bucket in memory behind the SDK's own S3Client interface: HeadObject, ListObjectsV2 (paged, RestoreStatus
 * only when asked for, as S3 does) and RestoreObject, each request recorded as the SDK built it. Every other
 * operation keeps the interface's default, which throws.
 */
public final class FakeS3Client implements S3Client {

    public static final String BUCKET = "data-1";

    /** An object as HeadObject tells it; {@code restore} is the x-amz-restore header or null. */
    public record Stored(String key, String versionId, String storageClass, String archiveStatus, long size,
                         String restore, Instant restoredUntil) {
    }

    private final Map<String, Stored> objects = new TreeMap<>();
    private final Map<String, RuntimeException> headErrors = new HashMap<>();
    private final Map<String, RuntimeException> restoreErrors = new HashMap<>();
    private final Map<String, Integer> restoreStatuses = new HashMap<>();
    private RuntimeException listError;
    private int pageSize = 1000;
    private boolean closed;

    public final List<HeadObjectRequest> heads = new ArrayList<>();
    public final List<ListObjectsV2Request> lists = new ArrayList<>();
    public final List<RestoreObjectRequest> restores = new ArrayList<>();

    public synchronized FakeS3Client put(String key, String storageClass, long size) {
        return put(new Stored(key, null, storageClass, null, size, null, null));
    }

    public synchronized FakeS3Client put(Stored object) {
        objects.put(object.key(), object);
        return this;
    }

    /** A GLACIER object whose restored copy exists until {@code until}. */
    public synchronized FakeS3Client putRestored(String key, Instant until) {
        return put(new Stored(key, null, "GLACIER", null, 10, "ongoing-request=\"false\", expiry-date=\""
                + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(until.atZone(java.time.ZoneOffset.UTC))
                + "\"", until));
    }

    public synchronized FakeS3Client pageSize(int pageSize) {
        this.pageSize = pageSize;
        return this;
    }

    public synchronized FakeS3Client failHead(String key, RuntimeException error) {
        headErrors.put(key, error);
        return this;
    }

    public synchronized FakeS3Client failRestore(String key, RuntimeException error) {
        restoreErrors.put(key, error);
        return this;
    }

    public synchronized FakeS3Client failList(RuntimeException error) {
        listError = error;
        return this;
    }

    /** The HTTP status of a successful RestoreObject of {@code key}: 202 by default, 200 when a copy existed. */
    public synchronized FakeS3Client restoreAnswers(String key, int status) {
        restoreStatuses.put(key, status);
        return this;
    }

    /** An S3 error answer as the SDK raises it. */
    public static S3Exception error(int status, String code, String requestId) {
        return (S3Exception) S3Exception.builder().statusCode(status).requestId(requestId)
                .message("AWS text never shown")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("AWS text never shown").build())
                .build();
    }

    @Override
    public synchronized HeadObjectResponse headObject(HeadObjectRequest request) {
        heads.add(request);
        if (headErrors.containsKey(request.key())) {
            throw headErrors.get(request.key());
        }
        Stored object = objects.get(request.key());
        if (!BUCKET.equals(request.bucket()) || object == null
                || (request.versionId() != null && !request.versionId().equals(object.versionId()))) {
            throw error(404, "NotFound", "HEAD404");
        }
        return HeadObjectResponse.builder().storageClass(object.storageClass()).archiveStatus(object.archiveStatus())
                .contentLength(object.size()).restore(object.restore()).versionId(object.versionId()).build();
    }

    @Override
    public synchronized ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
        lists.add(request);
        if (listError != null) {
            throw listError;
        }
        boolean withRestoreStatus = request.optionalObjectAttributes().contains(OptionalObjectAttributes.RESTORE_STATUS);
        List<Stored> matching = objects.values().stream().filter(o -> o.key().startsWith(request.prefix())).toList();
        int from = request.continuationToken() == null ? 0 : Integer.parseInt(request.continuationToken());
        int to = Math.min(matching.size(), from + pageSize);
        List<S3Object> page = matching.subList(from, to).stream().map(o -> {
            S3Object.Builder object = S3Object.builder().key(o.key()).storageClass(o.storageClass()).size(o.size());
            if (withRestoreStatus && o.restore() != null) {
                object.restoreStatus(RestoreStatus.builder().isRestoreInProgress(o.restore().contains("\"true\""))
                        .restoreExpiryDate(o.restoredUntil()).build());
            }
            return object.build();
        }).toList();
        boolean truncated = to < matching.size();
        return ListObjectsV2Response.builder().contents(page).isTruncated(truncated)
                .nextContinuationToken(truncated ? String.valueOf(to) : null).build();
    }

    @Override
    public synchronized RestoreObjectResponse restoreObject(RestoreObjectRequest request) {
        restores.add(request);
        if (restoreErrors.containsKey(request.key())) {
            throw restoreErrors.get(request.key());
        }
        int status = restoreStatuses.getOrDefault(request.key(), 202);
        return (RestoreObjectResponse) RestoreObjectResponse.builder()
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build();
    }

    public synchronized List<String> restoredKeys() {
        return restores.stream().map(RestoreObjectRequest::key).toList();
    }

    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public String serviceName() {
        return "s3";
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
