package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.ObjectId.KeyEncoding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams a CSV manifest one record at a time: LF or CRLF line ends, an optional UTF-8 byte order
 * mark, blank lines skipped (they still count as lines, so numbers match an editor's). Memory use
 * does not depend on the manifest's size.
 */
public final class CsvManifestReader implements Iterator<ManifestRecord>, AutoCloseable {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final BufferedReader reader;
    private final KeyEncoding keyEncoding;
    private long lineNumber;
    private ManifestRecord next;

    public CsvManifestReader(InputStream input, KeyEncoding keyEncoding) {
        // Malformed UTF-8 becomes U+FFFD, which then fails the line's own checks rather than the stream.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.reader = new BufferedReader(new InputStreamReader(input, decoder), 1 << 16);
        this.keyEncoding = keyEncoding;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                next = line.indexOf('\uFFFD') >= 0
                        ? new ManifestRecord.Invalid(lineNumber, "the line is not valid UTF-8")
                        : CsvManifestLine.parse(lineNumber, line, keyEncoding);
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the manifest failed at line " + lineNumber, e);
        }
    }

    @Override
    public ManifestRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ManifestRecord result = next;
        next = null;
        return result;
    }

    /** Lines read so far, blank ones included. */
    public long linesRead() {
        return lineNumber;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
