package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.ArchivedObjects;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import io.s3bulkrestore.restore.ObjectOutcome;
import io.s3bulkrestore.restore.ObjectResult;
import io.s3bulkrestore.restore.RestoreAction;
import io.s3bulkrestore.restore.RestoreHeader;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Objects of one bucket in memory, listed in the order they were added. Records every HeadObject and every restore
 * sent; a restore always starts.
 */
final class InMemoryArchivedObjects implements ArchivedObjects {

    static final String BUCKET = "data-1";

    /** What the listing says, whether HeadObject is needed, and what HeadObject answers. */
    private record Entry(ObjectArchiveState listed, boolean needsHead, Lookup head) {
    }

    record Sent(ObjectId id, RestoreAction.Restore action) {
    }

    private final Map<ObjectId, Entry> entries = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<ObjectId> headed = Collections.synchronizedList(new ArrayList<>());
    final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());

    static ObjectArchiveState object(String key, String storageClass, long size) {
        return new ObjectArchiveState(ObjectId.of(BUCKET, key), storageClass, ArchiveClass.of(storageClass, null), size,
                Optional.empty());
    }

    static ObjectArchiveState restoring(String key, String storageClass, long size) {
        return new ObjectArchiveState(ObjectId.of(BUCKET, key), storageClass, ArchiveClass.of(storageClass, null), size,
                Optional.of(RestoreHeader.inProgress()));
    }

    static ObjectArchiveState restored(String key, long size, Instant until) {
        return new ObjectArchiveState(ObjectId.of(BUCKET, key), "GLACIER", ArchiveClass.GLACIER, size,
                Optional.of(RestoreHeader.restoredUntil(until)));
    }

    static ObjectArchiveState tiering(String key, ArchiveClass archive, long size) {
        return new ObjectArchiveState(ObjectId.of(BUCKET, key), "INTELLIGENT_TIERING", archive, size, Optional.empty());
    }

    InMemoryArchivedObjects add(ObjectArchiveState... states) {
        for (ObjectArchiveState state : states) {
            entries.put(state.id(), new Entry(state, false, new Lookup.Found(state)));
        }
        return this;
    }

    /** An Intelligent-Tiering object: the listing cannot tell its tier, HeadObject answers {@code head}. */
    InMemoryArchivedObjects addNeedingHead(String key, Lookup head) {
        ObjectArchiveState listed = tiering(key, ArchiveClass.NOT_ARCHIVED, 0);
        entries.put(listed.id(), new Entry(listed, true, head));
        return this;
    }

    @Override
    public Lookup state(ObjectId id) {
        headed.add(id);
        Entry entry = entries.get(id);
        return entry == null ? new Lookup.Missing("no such object") : entry.head();
    }

    @Override
    public void list(String bucket, String prefix, Predicate<String> keyFilter, Consumer<Listed> each) {
        List<Entry> snapshot;
        synchronized (entries) {
            snapshot = List.copyOf(entries.values());
        }
        for (Entry entry : snapshot) {
            String key = entry.listed().id().key();
            if (key.startsWith(prefix) && keyFilter.test(key)) {
                each.accept(new Listed(entry.listed(), entry.needsHead()));
            }
        }
    }

    @Override
    public ObjectResult restore(ObjectArchiveState state, RestoreAction.Restore action) {
        sent.add(new Sent(state.id(), action));
        return new ObjectResult(state.id(), state.storageClass(), state.size(), ObjectOutcome.RESTORE_STARTED,
                Optional.empty(), "restore started");
    }

    List<String> sentKeys() {
        synchronized (sent) {
            return sent.stream().map(s -> s.id().key()).sorted().toList();
        }
    }
}
