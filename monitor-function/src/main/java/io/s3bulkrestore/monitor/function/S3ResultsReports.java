package io.s3bulkrestore.monitor.function;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.ports.ResultsReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes results reports to {@code s3://<reportBucket>/results/<jobId>.csv} with a multipart upload,
 * one part per {@link #PART_BYTES}: memory stays at one part whatever the number of rows. Writing again
 * replaces the report.
 */
public final class S3ResultsReports implements ResultsReports {

    private static final Logger LOG = LoggerFactory.getLogger(S3ResultsReports.class);
    static final int PART_BYTES = 8 * 1024 * 1024;
    static final String HEADER = "bucket,key,versionId,outcome,error\n";

    private final S3Client s3;
    private final String bucket;

    public S3ResultsReports(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String write(JobId job, Iterator<ReportRow> rows) {
        String key = "results/" + job.value() + ".csv";
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("text/csv")).uploadId();
        } catch (SdkException e) {
            throw failed(job, e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            part.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
            while (rows.hasNext()) {
                part.writeBytes(line(rows.next()).getBytes(StandardCharsets.UTF_8));
                if (part.size() >= PART_BYTES) {
                    parts.add(upload(key, uploadId, parts.size() + 1, part.toByteArray()));
                    part.reset();
                }
            }
            if (part.size() > 0 || parts.isEmpty()) {
                parts.add(upload(key, uploadId, parts.size() + 1, part.toByteArray()));
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            throw failed(job, e);
        }
        return "s3://" + bucket + "/" + key;
    }

    private CompletedPart upload(String key, String uploadId, int number, byte[] bytes) {
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(bytes)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    static String line(ReportRow row) {
        return String.join(",", Csv.quote(row.object().bucket()), Csv.quote(row.object().key()),
                Csv.quote(row.object().version().orElse("")), row.outcome(), Csv.quote(row.error())) + "\n";
    }

    private static ServiceException failed(JobId job, SdkException e) {
        LOG.warn("Writing the results report of {} failed: {}", job, e.toString());
        return new ServiceException(ErrorCode.UPSTREAM_FAILED, "writing the results report failed");
    }
}
