package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.ports.FollowUpManifests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Follow-up manifests in memory: a job's data files by position; the manifest's "ETag" is a digest of their objects. */
public final class InMemoryFollowUpManifests implements FollowUpManifests {

    private final Map<JobId, TreeMap<Long, List<ObjectId>>> parts = new HashMap<>();
    private int partWrites;

    @Override
    public synchronized void writePart(JobId job, long position, List<ObjectId> objects) {
        partWrites++;
        parts.computeIfAbsent(job, id -> new TreeMap<>()).put(position, List.copyOf(objects));
    }

    @Override
    public synchronized Optional<ManifestLocation> writeManifest(JobId job) {
        List<ObjectId> objects = objectsOf(job);
        if (!parts.containsKey(job)) {
            return Optional.empty();
        }
        return Optional.of(new ManifestLocation("reports", "batch-reports/" + job.value()
                + "/intelligent-tiering/manifest.json", "\"" + Integer.toHexString(objects.hashCode()) + "\"",
                objects.size()));
    }

    /** Every object the job's data files list, in the order of their positions. */
    public synchronized List<ObjectId> objectsOf(JobId job) {
        List<ObjectId> objects = new ArrayList<>();
        parts.getOrDefault(job, new TreeMap<>()).values().forEach(objects::addAll);
        return objects;
    }

    public synchronized int partWrites() {
        return partWrites;
    }
}
