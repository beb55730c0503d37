package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;

import java.time.Clock;
import java.util.List;

/**
 * A job's objects while it is Preparing: read from the manifest it names, or generated from its source bucket
 * (and then written as a manifest when EnableManifestOutput asks for it; the job's GeneratedManifestDescriptor
 * is set from there, "after execution of the ManifestGenerator" as the API reference puts it:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_S3GeneratedManifestDescriptor.html).
 */
final class TaskSourceReader {

    private final ManifestReader manifests;
    private final ManifestGenerator generator;
    private final GeneratedManifestWriter writer;
    private final Clock clock;

    TaskSourceReader(ManifestReader manifests, ManifestGenerator generator, GeneratedManifestWriter writer, Clock clock) {
        this.manifests = manifests;
        this.generator = generator;
        this.writer = writer;
        this.clock = clock;
    }

    List<ObjectId> tasksOf(BatchJob job) throws ManifestFailure {
        JobSpec spec = job.spec();
        return switch (spec.source()) {
            case JobSpec.ManifestSpec manifest -> manifests.read(manifest);
            case ManifestGeneratorSpec generatorSpec -> {
                List<ObjectId> objects = generator.generate(spec.accountId(), generatorSpec);
                if (generatorSpec.writesManifest()) {
                    job.manifestGenerated(writer.write(generatorSpec, job.id(), objects, clock.instant()));
                }
                yield objects;
            }
        };
    }
}
