package io.s3bulkrestore.adapters.s3;

import java.util.ArrayList;
import java.util.List;

/** The byte ranges of a multipart copy: parts of the configured size, grown so that no object needs more than 10,000. */
final class PartRanges {

    /** One part: its number (from 1) and its first and last byte, inclusive, as {@code x-amz-copy-source-range} takes them. */
    record Part(int number, long first, long last) {
        String copySourceRange() {
            return "bytes=" + first + "-" + last;
        }

        long size() {
            return last - first + 1;
        }
    }

    private PartRanges() {
    }

    static List<Part> of(long objectSize, long partSize) {
        if (objectSize <= 0) {
            throw new IllegalArgumentException("a multipart copy needs a non-empty object, got " + objectSize + " bytes");
        }
        long size = Math.max(partSize, ceilToMib(ceilDiv(objectSize, S3CopySettings.MAX_PARTS)));
        List<Part> parts = new ArrayList<>();
        for (long first = 0; first < objectSize; first += size) {
            parts.add(new Part(parts.size() + 1, first, Math.min(objectSize, first + size) - 1));
        }
        return parts;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long ceilToMib(long bytes) {
        return ceilDiv(bytes, S3CopySettings.MIB) * S3CopySettings.MIB;
    }
}
