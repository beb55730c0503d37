package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.ObjectId;

import java.util.Objects;

/** One line of a results report: an object and how it ended ("restored", "failed", "missing"). */
public record ReportRow(ObjectId object, String outcome, String error) {

    public ReportRow {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(outcome, "outcome");
        error = error == null ? "" : error;
    }
}
