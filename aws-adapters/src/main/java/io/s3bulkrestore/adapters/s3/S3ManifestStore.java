package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.manifest.CsvManifestLine;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.manifest.ManifestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Manifests in S3: HeadObject for identity, a small ranged GET pinned to the ETag for the columns, ranged
 * GETs pinned to the ETag for ingest chunks (If-Match: a manifest replaced since is {@link ManifestChanged}).
 */
public final class S3ManifestStore implements ManifestStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3ManifestStore.class);

    /** Far more than one manifest line can take (bucket 63 + key 3 x 1024 encoded + version 1024 bytes). */
    static final int SNIFF_BYTES = 64 * 1024;
    /** An inventory manifest.json lists data files of up to some GB each: even a huge report is a few MB. */
    static final long MAX_INVENTORY_MANIFEST_BYTES = 16L * 1024 * 1024;

    private final S3Client s3;

    public S3ManifestStore(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    @Override
    public Optional<ManifestLocation> head(String bucket, String key) {
        String uri = "s3://" + bucket + "/" + key;
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            switch (e.statusCode()) {
                case 404 -> {
                    return Optional.empty();
                }
                case 403 -> {
                    logRefusal("HeadObject", uri, e);
                    throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE,
                            "cannot read manifest " + uri + ": access denied to this stack", "key", e);
                }
                default -> throw upstreamFailure("HeadObject", uri, e);
            }
        } catch (SdkException e) {
            throw upstreamFailure("HeadObject", uri, e);
        }
        return Optional.of(new ManifestLocation(bucket, key, head.eTag(), head.contentLength()));
    }

    @Override
    public ManifestColumns csvColumns(ManifestLocation manifest) {
        byte[] prefix = firstBytes(manifest);
        boolean wholeObject = prefix.length < SNIFF_BYTES || prefix.length >= manifest.sizeBytes();
        return switch (FirstManifestLine.find(prefix, wholeObject)) {
            case FirstManifestLine.Result.Found line -> columnsOf(manifest, line);
            case FirstManifestLine.Result.Empty empty -> throw unavailable(manifest.uri() + " is empty");
            case FirstManifestLine.Result.NotWithinPrefix cut -> throw unavailable(manifest.uri()
                    + " has no complete line in its first " + SNIFF_BYTES / 1024 + " KiB");
        };
    }

    private static ManifestColumns columnsOf(ManifestLocation manifest, FirstManifestLine.Result.Found line) {
        ManifestRecord record = line.text().indexOf('\uFFFD') >= 0
                ? new ManifestRecord.Invalid(line.lineNumber(), "the line is not valid UTF-8")
                : CsvManifestLine.parse(line.lineNumber(), line.text(), KeyEncoding.URL);
        return switch (record) {
            case ManifestRecord.Entry entry -> entry.object().version().isPresent()
                    ? ManifestColumns.BUCKET_KEY_VERSION
                    : ManifestColumns.BUCKET_KEY;
            case ManifestRecord.Invalid invalid -> throw unavailable(manifest.uri() + " line "
                    + invalid.lineNumber() + ": " + invalid.reason());
        };
    }

    /** Up to {@link #SNIFF_BYTES} from the start of exactly the version {@link #head} saw. */
    private byte[] firstBytes(ManifestLocation manifest) {
        GetObjectRequest.Builder request = GetObjectRequest.builder()
                .bucket(manifest.bucket())
                .key(manifest.key())
                .ifMatch(manifest.etag());
        if (manifest.sizeBytes() > 0) {
            // S3 answers 416 to a range over an empty object.
            request.range("bytes=0-" + (SNIFF_BYTES - 1));
        }
        try {
            return s3.getObjectAsBytes(request.build()).asByteArray();
        } catch (AwsServiceException e) {
            String uri = manifest.uri();
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 412) {
                logRefusal("GetObject", uri, e);
                throw unavailable(uri + " changed while the job was being created; retry");
            }
            if (e instanceof NoSuchKeyException || e.statusCode() == 404) {
                logRefusal("GetObject", uri, e);
                throw unavailable(uri + " was deleted while the job was being created");
            }
            if (e.statusCode() == 403 && "InvalidObjectState".equals(code)) {
                logRefusal("GetObject", uri, e);
                throw unavailable(uri + " is in an archive storage class; store manifests in a readable class");
            }
            if (e.statusCode() == 403) {
                logRefusal("GetObject", uri, e);
                throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE,
                        "cannot read manifest " + uri + ": access denied to this stack", "key", e);
            }
            throw upstreamFailure("GetObject", uri, e);
        } catch (SdkException e) {
            throw upstreamFailure("GetObject", manifest.uri(), e);
        }
    }

    @Override
    public InventoryManifest inventory(ManifestLocation manifest) {
        if (manifest.sizeBytes() > MAX_INVENTORY_MANIFEST_BYTES) {
            throw unavailable(manifest.uri() + " is " + manifest.sizeBytes() + " bytes; an S3 Inventory manifest.json "
                    + "is far smaller (at most " + MAX_INVENTORY_MANIFEST_BYTES + " bytes accepted)");
        }
        byte[] json;
        try {
            json = s3.getObjectAsBytes(b -> b.bucket(manifest.bucket()).key(manifest.key()).ifMatch(manifest.etag()))
                    .asByteArray();
        } catch (AwsServiceException e) {
            throw readFailure(manifest, e);
        } catch (SdkException e) {
            throw upstreamFailure("GetObject", manifest.uri(), e);
        }
        try {
            return InventoryManifestJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw unavailable(manifest.uri() + " is not an S3 Inventory manifest.json: " + e.getMessage());
        }
    }

    @Override
    public InputStream openRange(ManifestLocation manifest, long from, long to) {
        try {
            return s3.getObject(b -> b.bucket(manifest.bucket()).key(manifest.key()).ifMatch(manifest.etag())
                    .range("bytes=" + from + "-" + to));
        } catch (AwsServiceException e) {
            throw readFailure(manifest, e);
        } catch (SdkException e) {
            throw upstreamFailure("GetObject", manifest.uri(), e);
        }
    }

    @Override
    public ManifestLocation writeInventory(String bucket, String key, InventoryManifest manifest) {
        byte[] json = InventoryManifestJson.write(manifest);
        String uri = "s3://" + bucket + "/" + key;
        try {
            String etag = s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(json)).eTag();
            return new ManifestLocation(bucket, key, etag, json.length);
        } catch (SdkException e) {
            throw upstreamFailure("PutObject", uri, e);
        }
    }

    @Override
    public InputStream openObject(String bucket, String key) {
        String uri = "s3://" + bucket + "/" + key;
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (AwsServiceException e) {
            if (e instanceof NoSuchKeyException || e.statusCode() == 404 || e.statusCode() == 403) {
                logRefusal("GetObject", uri, e);
                throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "cannot read " + uri + " (HTTP "
                        + e.statusCode() + ", AWS request id " + e.requestId() + ")", null, e);
            }
            throw upstreamFailure("GetObject", uri, e);
        } catch (SdkException e) {
            throw upstreamFailure("GetObject", uri, e);
        }
    }

    /** A pinned read refused: the manifest changed (412) or is gone (404) is {@link ManifestChanged}. */
    private static RuntimeException readFailure(ManifestLocation manifest, AwsServiceException e) {
        if (e.statusCode() == 412 || e.statusCode() == 404 || e instanceof NoSuchKeyException) {
            logRefusal("GetObject", manifest.uri(), e);
            return new ManifestChanged(manifest);
        }
        if (e.statusCode() == 403) {
            logRefusal("GetObject", manifest.uri(), e);
            return new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE,
                    "cannot read manifest " + manifest.uri() + ": access denied to this stack", "key", e);
        }
        return upstreamFailure("GetObject", manifest.uri(), e);
    }

    private static ServiceException unavailable(String whatAboutTheManifest) {
        return new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "manifest " + whatAboutTheManifest, "key", null);
    }

    private static void logRefusal(String operation, String uri, AwsServiceException e) {
        LOG.warn("S3 {} of manifest {} refused: AWS error {} ({}), HTTP {}, request id {}", operation, uri,
                e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode(),
                e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage(),
                e.statusCode(), e.requestId());
    }

    private static ServiceException upstreamFailure(String operation, String uri, SdkException e) {
        if (e instanceof AwsServiceException aws) {
            logRefusal(operation, uri, aws);
            return new ServiceException(ErrorCode.UPSTREAM_FAILED,
                    "S3 " + operation + " of manifest " + uri + " failed (AWS request id " + aws.requestId() + ")",
                    null, e);
        }
        LOG.warn("S3 {} of manifest {} failed without an answer from AWS: {}", operation, uri, e.toString());
        return new ServiceException(ErrorCode.UPSTREAM_FAILED,
                "S3 " + operation + " of manifest " + uri + " failed (no answer from AWS)", null, e);
    }
}
