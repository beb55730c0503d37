package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ObjectArchiveState;

import java.util.List;
import java.util.Map;

/**
 * Asks S3 where objects' bytes are (HeadObject: storage class and, for Intelligent-Tiering, x-amz-archive-status),
 * for the failed tasks whose error code does not say whether the object is archived, or how.
 */
public interface ObjectArchiveStates {

    /**
     * What S3 says of each object it answered for; an object that is gone, or that S3 refuses to describe (403), is
     * left out.
     *
     * @throws io.s3bulkrestore.model.ServiceException UPSTREAM_FAILED when S3 could not be asked (try again later)
     */
    Map<ObjectId, ObjectArchiveState> statesOf(List<ObjectId> objects);
}
