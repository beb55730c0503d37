package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.ports.RestoreStatusChecker;
import io.s3bulkrestore.restore.RestoreHeader;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What a test says S3 would answer to HeadObject; counts checks. */
public final class FakeRestoreStatusChecker implements RestoreStatusChecker {

    private final Map<ObjectId, String> headers = new HashMap<>();
    private int checks;

    /** Sets the raw x-amz-restore header of an object. */
    public synchronized void header(ObjectId object, String xAmzRestore) {
        headers.put(object, xAmzRestore);
    }

    public synchronized int checks() {
        return checks;
    }

    @Override
    public synchronized Optional<RestoreHeader> restoreStatus(ObjectId object) {
        checks++;
        return RestoreHeader.parse(headers.get(object));
    }
}
