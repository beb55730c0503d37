package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.util.List;
import java.util.Optional;

/** One page of a job's pending objects; pass the token back for the next page. */
public record PendingPage(List<ObjectId> objects, Optional<String> nextPageToken) {

    public PendingPage {
        objects = List.copyOf(objects);
    }
}
