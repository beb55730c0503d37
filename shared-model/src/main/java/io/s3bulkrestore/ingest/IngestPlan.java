package io.s3bulkrestore.ingest;

import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestLocation;

import java.util.ArrayList;
import java.util.List;

/**
 * How a job's manifest is split into ingest tasks, without reading it: a CSV manifest by byte ranges
 * of its size, an inventory report by its data files.
 */
public final class IngestPlan {

    private IngestPlan() {
    }

    public static List<IngestTask> csv(JobId job, ManifestLocation manifest, long chunkBytes) {
        return ManifestChunk.plan(manifest.sizeBytes(), chunkBytes).stream()
                .<IngestTask>map(chunk -> new IngestTask.CsvChunk(job, chunk))
                .toList();
    }

    public static List<IngestTask> inventory(JobId job, InventoryManifest report) {
        List<IngestTask> tasks = new ArrayList<>(report.files().size());
        for (int i = 0; i < report.files().size(); i++) {
            tasks.add(new IngestTask.InventoryFile(job, i, report.files().get(i).key()));
        }
        return tasks;
    }
}
