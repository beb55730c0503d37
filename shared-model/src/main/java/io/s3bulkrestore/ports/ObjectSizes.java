package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.ObjectId;

import java.util.OptionalLong;

/** Asks S3 how large an object is (HeadObject's Content-Length), for a quote's bytes. */
public interface ObjectSizes {

    /** Its size in bytes; empty when the object is gone or cannot be asked about. */
    OptionalLong sizeOf(ObjectId object);
}
