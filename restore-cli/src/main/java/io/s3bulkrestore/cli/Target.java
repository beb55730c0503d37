package io.s3bulkrestore.cli;

import io.s3bulkrestore.model.ObjectId;

import java.util.function.Predicate;

/** What a command works on: one object (version), or every object under a prefix that passes the filter. */
public sealed interface Target {

    String bucket();

    record Key(ObjectId id) implements Target {
        @Override
        public String bucket() {
            return id.bucket();
        }
    }

    record Prefix(String bucket, String prefix, Predicate<String> keyFilter) implements Target {
    }
}
