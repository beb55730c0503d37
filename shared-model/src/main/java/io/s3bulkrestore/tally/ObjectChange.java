package io.s3bulkrestore.tally;

import io.s3bulkrestore.tracking.ObjectRecord;

import java.util.Objects;
import java.util.Optional;

/**
 * One change of an object record, as the table's stream reports it: the record before and after (absent
 * when it did not exist, or no longer does) and the change's sequence number in its stream shard.
 */
public record ObjectChange(String sequenceNumber, Optional<ObjectRecord> before, Optional<ObjectRecord> after) {

    public ObjectChange {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (sequenceNumber.isEmpty() || !sequenceNumber.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a stream sequence number is digits: " + sequenceNumber);
        }
    }
}
