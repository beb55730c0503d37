package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.ObjectId;

import java.util.List;
import java.util.Map;

/** Asks S3 how large objects are (HeadObject's Content-Length), for a quote's bytes. */
public interface ObjectSizes {

    /** The size in bytes of each object S3 answered for; an object gone or not to be asked about is left out. */
    Map<ObjectId, Long> sizesOf(List<ObjectId> objects);
}
