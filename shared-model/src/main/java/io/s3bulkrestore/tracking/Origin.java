package io.s3bulkrestore.tracking;

import java.util.Objects;

/**
 * The manifest line that created a membership: its chunk and the byte offset where the line starts.
 * Registering the same line again (a chunk retried after a crash) finds its own origin and counts the
 * object again exactly as the first time; a second line naming the same object finds another origin and
 * does not count.
 */
public record Origin(long chunk, long byteOffset) {

    public Origin {
        if (chunk < 0 || byteOffset < 0) {
            throw new IllegalArgumentException("chunk and byte offset cannot be negative: " + chunk + ", " + byteOffset);
        }
    }

    /** {@code <chunk>#<byteOffset>}, the stored form. */
    public String encoded() {
        return chunk + "#" + byteOffset;
    }

    public static Origin parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        int hash = encoded.indexOf('#');
        if (hash <= 0) {
            throw new IllegalArgumentException("not an origin: " + encoded);
        }
        return new Origin(Long.parseLong(encoded.substring(0, hash)), Long.parseLong(encoded.substring(hash + 1)));
    }

    @Override
    public String toString() {
        return encoded();
    }
}
