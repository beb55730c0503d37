package io.s3bulkrestore.cli.s3;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ObjectArchiveState;
import io.s3bulkrestore.restore.ObjectResult;
import io.s3bulkrestore.restore.RestoreAction;

import java.util.function.Consumer;
import java.util.function.Predicate;

/** The S3 side of a direct restore: read objects' archive state, send restores. */
public interface ArchivedObjects {

    /** One object's state; {@link Lookup.Missing} when it does not exist (or that version does not). */
    Lookup state(ObjectId id);

    /**
     * Every object under {@code prefix} whose key passes {@code keyFilter}, with the state the listing
     * gives. Intelligent-Tiering objects come back with {@link Listed#needsHead()} true: only HeadObject
     * tells their archive tier.
     */
    void list(String bucket, String prefix, Predicate<String> keyFilter, Consumer<Listed> each);

    /** Sends the restore; every S3 answer (202, 200, 409, 403, throttling after retries) becomes an outcome. */
    ObjectResult restore(ObjectArchiveState state, RestoreAction.Restore action);

    sealed interface Lookup {
        record Found(ObjectArchiveState state) implements Lookup {
        }

        record Missing(String detail) implements Lookup {
        }

        record Failed(String detail) implements Lookup {
        }
    }

    record Listed(ObjectArchiveState state, boolean needsHead) {
    }
}
