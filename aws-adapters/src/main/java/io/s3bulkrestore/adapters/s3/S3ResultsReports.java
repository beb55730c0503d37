package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.ResultsReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.List;

/**
 * Results reports in {@code s3://<reportBucket>/results/<jobId>.csv}, one multipart upload per job written a
 * part per monitor tick. Completing lists the upload's parts (ListParts) rather than keeping every part's
 * ETag on the job item, so the item stays small whatever the number of parts.
 */
public final class S3ResultsReports implements ResultsReports {

    private static final Logger LOG = LoggerFactory.getLogger(S3ResultsReports.class);

    private final S3Client s3;
    private final String bucket;

    public S3ResultsReports(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    static String key(JobId job) {
        return "results/" + job.value() + ".csv";
    }

    @Override
    public String start(JobId job) {
        try {
            return s3.createMultipartUpload(b -> b.bucket(bucket).key(key(job)).contentType("text/csv")).uploadId();
        } catch (SdkException e) {
            throw failed(job, "CreateMultipartUpload", e);
        }
    }

    @Override
    public void writePart(JobId job, String uploadId, int partNumber, byte[] bytes) {
        try {
            s3.uploadPart(b -> b.bucket(bucket).key(key(job)).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failed(job, "UploadPart", e);
        }
    }

    @Override
    public String complete(JobId job, String uploadId) {
        String key = key(job);
        try {
            List<CompletedPart> parts = new ArrayList<>();
            Integer marker = null;
            ListPartsResponse page;
            do {
                Integer from = marker;
                page = s3.listParts(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumberMarker(from));
                for (Part part : page.parts()) {
                    parts.add(CompletedPart.builder().partNumber(part.partNumber()).eTag(part.eTag()).build());
                }
                marker = page.nextPartNumberMarker();
            } while (Boolean.TRUE.equals(page.isTruncated()));
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (NoSuchUploadException gone) {
            // completed by an earlier call that stopped before it was recorded: the report is there
            if (!exists(key)) {
                throw failed(job, "CompleteMultipartUpload", gone);
            }
        } catch (SdkException e) {
            throw failed(job, "CompleteMultipartUpload", e);
        }
        return "s3://" + bucket + "/" + key;
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void abort(JobId job, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key(job)).uploadId(uploadId));
        } catch (NoSuchUploadException alreadyGone) {
            // nothing left to abort
        } catch (SdkException e) {
            throw failed(job, "AbortMultipartUpload", e);
        }
    }

    private static ServiceException failed(JobId job, String operation, SdkException e) {
        String requestId = e instanceof S3Exception s3e ? s3e.requestId() : null;
        LOG.warn("{} for the results report of {} failed (request id {}): {}", operation, job, requestId, e.toString());
        return new ServiceException(ErrorCode.UPSTREAM_FAILED, "writing the results report failed"
                + (requestId == null ? "" : " (request id " + requestId + ")"));
    }
}
