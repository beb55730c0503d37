package io.s3bulkrestore.api;

import java.util.Optional;

/** A request's route and, for routes under /jobs/{id}, the id as the client wrote it. */
record RouteMatch(Route route, Optional<String> jobId) {

    String requireJobId() {
        return jobId.orElseThrow(() -> new IllegalStateException(route + " has no job id"));
    }
}
