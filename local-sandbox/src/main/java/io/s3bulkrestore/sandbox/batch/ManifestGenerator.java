package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a job's object list from its {@code S3JobManifestGenerator}: lists the source bucket with
 * ListObjectsV2 and keeps what the {@link GeneratorFilter} matches.
 *
 * <p>Current versions only. AWS documents neither way for the generator
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-create-job.html#automatically-generate-manifest-file);
 * the documented rule for manifests without version ids, that Batch Operations acts on the latest version, is what
 * a list of current objects gives, so the generated list carries no version ids and a versioned bucket's
 * noncurrent versions and delete markers are not in it.
 *
 * <p>Bucket ownership: moto has one account, so every bucket belongs to the account the job was created in; an
 * ExpectedBucketOwner or ExpectedManifestBucketOwner naming another account fails the job, as the API reference
 * says ("else the job fails").
 */
final class ManifestGenerator {

    private final S3Client s3;

    ManifestGenerator(S3Client s3) {
        this.s3 = s3;
    }

    List<ObjectId> generate(String accountId, ManifestGeneratorSpec spec) throws ManifestFailure {
        checkOwner(spec.expectedBucketOwner(), accountId, "the source bucket " + spec.sourceBucket());
        if (spec.writesManifest()) {
            checkOwner(spec.output().expectedBucketOwner(), accountId, "the manifest bucket " + spec.output().bucket());
        }
        GeneratorFilter filter = spec.filter();
        List<ObjectId> objects = new ArrayList<>();
        try {
            for (S3Object listed : s3.listObjectsV2Paginator(b -> b.bucket(spec.sourceBucket())
                    .prefix(filter.listingPrefix())).contents()) {
                GeneratorFilter.Candidate candidate = new GeneratorFilter.Candidate(listed.key(), listed.size(),
                        listed.lastModified(), listed.storageClassAsString());
                if (filter.matches(candidate) && replicationStatusMatches(spec.sourceBucket(), listed.key(), filter)) {
                    objects.add(ObjectId.of(spec.sourceBucket(), listed.key()));
                }
            }
        } catch (S3Exception e) {
            throw new ManifestFailure(ManifestFailure.GENERATION_FAILURE, "Generating the manifest failed: listing "
                    + spec.sourceBucketArn() + " answered " + errorCode(e));
        } catch (SdkException e) {
            throw new ManifestFailure(ManifestFailure.GENERATION_FAILURE, "Generating the manifest failed: "
                    + spec.sourceBucketArn() + " could not be listed");
        }
        return objects;
    }

    /** Only asked when the filter names replication statuses: it costs a HeadObject per listed object. */
    private boolean replicationStatusMatches(String bucket, String key, GeneratorFilter filter) {
        if (!filter.needsReplicationStatus()) {
            return true;
        }
        try {
            return filter.matchesReplicationStatus(s3.headObject(b -> b.bucket(bucket).key(key)).replicationStatusAsString());
        } catch (NoSuchKeyException e) {
            return false; // deleted since it was listed
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void checkOwner(String expected, String accountId, String what) throws ManifestFailure {
        if (expected != null && !expected.equals(accountId)) {
            throw new ManifestFailure(ManifestFailure.GENERATION_FAILURE, "Generating the manifest failed: " + what
                    + " is owned by " + accountId + ", not by the expected owner " + expected);
        }
    }

    static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? Integer.toString(e.statusCode()) : e.awsErrorDetails().errorCode();
    }
}
