package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.ArchivedObjects;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ObjectArchiveState;
import io.s3bulkrestore.restore.ObjectStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The status use case: each object's archive state, or for a prefix the counts and bytes per status. */
final class StatusReport {

    record Entry(ObjectArchiveState state, ObjectStatus status) {
        Optional<Instant> restoredUntil() {
            return state.restore().flatMap(r -> r.expiry());
        }
    }

    record Result(Map<ObjectStatus, long[]> counts, List<Entry> entries, List<String> unreadable) {
    }

    private final ObjectWalker walker;

    StatusReport(ArchivedObjects objects, int concurrency) {
        this.walker = new ObjectWalker(objects, concurrency);
    }

    Result run(Target target, ObjectWalker.Progress progress) {
        Map<ObjectStatus, long[]> counts = new EnumMap<>(ObjectStatus.class);
        for (ObjectStatus status : ObjectStatus.values()) {
            counts.put(status, new long[2]);
        }
        List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
        List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
        boolean keepEntries = target instanceof Target.Key;
        walker.walk(target, state -> {
            ObjectStatus status = ObjectStatus.of(state);
            synchronized (counts) {
                counts.get(status)[0]++;
                counts.get(status)[1] += state.size();
            }
            if (keepEntries) {
                entries.add(new Entry(state, status));
            }
        }, (ObjectId id, String why) -> unreadable.add(id + ": " + why), progress);
        return new Result(counts, List.copyOf(entries), List.copyOf(unreadable));
    }
}
