package io.s3bulkrestore.fakes;

import io.s3bulkrestore.ports.RestoreEventRouting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Routing that remembers which buckets it was asked about; a bucket can be given a conflict. */
public final class RecordingRestoreEventRouting implements RestoreEventRouting {

    private final List<String> calls = new ArrayList<>();
    private final Set<String> routed = new HashSet<>();
    private final Map<String, String> conflicts = new HashMap<>();

    @Override
    public synchronized Outcome ensureRouted(String bucket) {
        calls.add(bucket);
        if (conflicts.containsKey(bucket)) {
            return new Outcome.Conflict(conflicts.get(bucket));
        }
        return routed.add(bucket) ? new Outcome.Routed() : new Outcome.AlreadyRouted();
    }

    public synchronized RecordingRestoreEventRouting conflictOn(String bucket, String reason) {
        conflicts.put(bucket, reason);
        return this;
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized Set<String> routedBuckets() {
        return Set.copyOf(routed);
    }
}
