package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.ObjectArchiveStates;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a test says HeadObject answers about objects' classes; counts the objects asked about. */
public final class FakeObjectArchiveStates implements ObjectArchiveStates {

    private final Map<ObjectId, ObjectArchiveState> states = new HashMap<>();
    private final List<ObjectId> asked = new ArrayList<>();
    private boolean unreachable;

    /**
     * @param storageClass  as HeadObject names it (STANDARD, GLACIER, INTELLIGENT_TIERING, ...)
     * @param archiveStatus x-amz-archive-status (ARCHIVE_ACCESS, DEEP_ARCHIVE_ACCESS) or null
     */
    public synchronized FakeObjectArchiveStates object(ObjectId object, String storageClass, String archiveStatus) {
        return object(object, storageClass, archiveStatus, 10);
    }

    /** As above, of {@code size} bytes. */
    public synchronized FakeObjectArchiveStates object(ObjectId object, String storageClass, String archiveStatus,
                                                       long size) {
        states.put(object, new ObjectArchiveState(object, storageClass, ArchiveClass.of(storageClass, archiveStatus),
                size, Optional.empty()));
        return this;
    }

    /** Every later call fails as when S3 does not answer. */
    public synchronized void unreachable(boolean value) {
        unreachable = value;
    }

    public synchronized List<ObjectId> asked() {
        return List.copyOf(asked);
    }

    @Override
    public synchronized Map<ObjectId, ObjectArchiveState> statesOf(List<ObjectId> objects) {
        if (unreachable) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "HeadObject failed (no answer from S3)");
        }
        asked.addAll(objects);
        Map<ObjectId, ObjectArchiveState> found = new LinkedHashMap<>();
        for (ObjectId object : objects) {
            ObjectArchiveState state = states.get(object);
            if (state != null) {
                found.put(object, state);
            }
        }
        return found;
    }
}
