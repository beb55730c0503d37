package io.s3bulkrestore.adapters.s3;

import java.nio.charset.StandardCharsets;

/**
 * Finds the first non-blank line of a CSV manifest in the first bytes of the object, by the same rules as
 * {@link io.s3bulkrestore.manifest.CsvManifestReader}: LF, CRLF or CR line ends, an optional UTF-8 byte order
 * mark, blank lines skipped but counted, malformed UTF-8 decoded as U+FFFD.
 */
final class FirstManifestLine {

    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private FirstManifestLine() {
    }

    sealed interface Result {
        /** The first non-blank line, without its terminator, and its 1-based number. */
        record Found(long lineNumber, String text) implements Result {
        }

        /** The whole object was read and every line in it is blank. */
        record Empty() implements Result {
        }

        /** The bytes end before a non-blank line does: the object goes on, so its first line is not known. */
        record NotWithinPrefix() implements Result {
        }
    }

    /**
     * @param prefix      the first bytes of the object
     * @param wholeObject whether {@code prefix} is the entire object (so its last line needs no terminator)
     */
    static Result find(byte[] prefix, boolean wholeObject) {
        int start = startsWithByteOrderMark(prefix) ? BYTE_ORDER_MARK.length : 0;
        long lineNumber = 0;
        while (start < prefix.length) {
            int end = start;
            while (end < prefix.length && prefix[end] != '\n' && prefix[end] != '\r') {
                end++;
            }
            boolean terminated = end < prefix.length;
            if (!terminated && !wholeObject) {
                return new Result.NotWithinPrefix();
            }
            lineNumber++;
            String line = new String(prefix, start, end - start, StandardCharsets.UTF_8);
            if (!line.isBlank()) {
                return new Result.Found(lineNumber, line);
            }
            // CRLF is one line end.
            start = end + (end + 1 < prefix.length && prefix[end] == '\r' && prefix[end + 1] == '\n' ? 2 : 1);
        }
        return wholeObject ? new Result.Empty() : new Result.NotWithinPrefix();
    }

    private static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= 3
                && bytes[0] == BYTE_ORDER_MARK[0] && bytes[1] == BYTE_ORDER_MARK[1] && bytes[2] == BYTE_ORDER_MARK[2];
    }
}
