package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which version of an object is its current one: the version a manifest line without a VersionId names (S3 Batch
 * Operations restores "the current version" of such a line). Asked only about events that carry a version id.
 */
@FunctionalInterface
public interface CurrentVersions {

    /** S3's version id of an object written while its bucket had no versioning (it stays "null" ever after). */
    String NULL_VERSION = "null";

    /**
     * The version id of each object's current version, {@link #NULL_VERSION} for one written while the bucket had
     * no versioning; empty when the object has no current version (deleted, a delete marker) or it cannot be known
     * (access denied). Every object asked about is a key in the answer.
     *
     * @param objects objects without a version id
     */
    Map<ObjectId, Optional<String>> currentVersions(Set<ObjectId> objects);
}
