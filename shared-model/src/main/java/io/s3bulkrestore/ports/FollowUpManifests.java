package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;

import java.util.List;
import java.util.Optional;

/**
 * The manifest of a job's follow-up batch job: the Intelligent-Tiering archive objects of a manifest job whose first
 * batch job sent them a number of days. It is written as the first batch job's completion report is read, a data file
 * per batch of failed tasks, then one inventory manifest.json listing the data files.
 */
public interface FollowUpManifests {

    /**
     * Writes the objects of one batch of failed tasks as a data file named after the batch's position in the
     * completion report: writing the same batch again replaces the file with the same objects.
     */
    void writePart(JobId job, long position, List<ObjectId> objects);

    /**
     * Writes the manifest.json listing every data file written for the job (in the order of their positions), or
     * empty when none was. Writing it again writes the same manifest (same ETag), so a batch job created over it
     * with the same token is found again.
     */
    Optional<ManifestLocation> writeManifest(JobId job);
}
