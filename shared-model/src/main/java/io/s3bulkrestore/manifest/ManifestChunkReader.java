package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.ObjectId.KeyEncoding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads the lines one {@link ManifestChunk} owns from the bytes {@code [chunk.fetchFrom(), ...)} of a
 * CSV manifest: skips the tail of the line the previous chunk owns, stops after the first line that
 * starts at or past {@code chunk.end()}. Lines end with LF or CRLF; a UTF-8 byte order mark at the start
 * of the manifest is skipped; blank lines are skipped but counted, so line numbers match an editor's.
 * Memory use is one line, whatever the chunk size.
 */
public final class ManifestChunkReader implements Iterator<ChunkLine>, AutoCloseable {

    private static final int BUFFER_BYTES = 1 << 16;

    private final InputStream input;
    private final ManifestChunk chunk;
    private final ManifestLineParser lineParser;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int bufferPos;
    private int bufferLen;
    /** Manifest offset of buffer[bufferPos]. */
    private long position;
    private byte[] line = new byte[256];
    private long linesInChunk;
    private boolean started;
    private boolean finished;
    private ChunkLine next;

    /** Reads a whole manifest from its first byte, as one chunk; line numbers are then the manifest's own. */
    public static ManifestChunkReader wholeManifest(InputStream input, KeyEncoding keyEncoding) {
        return wholeFile(input, CsvManifestLine.parser(keyEncoding));
    }

    /** Reads a whole file (a manifest, or one inventory data file) as one chunk. */
    public static ManifestChunkReader wholeFile(InputStream input, ManifestLineParser lineParser) {
        return new ManifestChunkReader(input, new ManifestChunk(0, 0, Long.MAX_VALUE), lineParser);
    }

    /** Reads the lines of one chunk of a Batch Operations CSV manifest. */
    public ManifestChunkReader(InputStream input, ManifestChunk chunk, KeyEncoding keyEncoding) {
        this(input, chunk, CsvManifestLine.parser(keyEncoding));
    }

    public ManifestChunkReader(InputStream input, ManifestChunk chunk, ManifestLineParser lineParser) {
        this.input = input;
        this.chunk = chunk;
        this.lineParser = lineParser;
        this.position = chunk.fetchFrom();
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        try {
            if (!started) {
                started = true;
                if (chunk.start() > 0 && !skipToOwnedLine()) {
                    finished = true;
                }
            }
            while (!finished) {
                long lineStart = position;
                if (lineStart >= chunk.end()) {
                    finished = true;
                    break;
                }
                int length = readLine();
                if (length < 0) {
                    finished = true;
                    break;
                }
                linesInChunk++;
                ManifestRecord record = parse(lineStart, length);
                if (record != null) {
                    next = new ChunkLine(lineStart, record);
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("reading manifest chunk " + chunk.index() + " failed", e);
        }
    }

    /** Lines this chunk owns that were read so far, blank ones included. */
    public long linesRead() {
        return linesInChunk;
    }

    @Override
    public ChunkLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ChunkLine result = next;
        next = null;
        return result;
    }

    /**
     * Consumes the byte before the chunk and, unless it ends a line, the rest of the line it belongs to.
     * Returns false when the input ends first.
     */
    private boolean skipToOwnedLine() throws IOException {
        int previous = read();
        if (previous < 0) {
            return false;
        }
        if (previous == '\n') {
            return true;
        }
        int b;
        while ((b = read()) >= 0) {
            if (b == '\n') {
                return true;
            }
        }
        return false;
    }

    /** Reads bytes up to and excluding '\n' into {@link #line}; -1 at end of input with nothing read. */
    private int readLine() throws IOException {
        int length = 0;
        int b;
        boolean any = false;
        while ((b = read()) >= 0) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (length <= ManifestChunk.MAX_LINE_BYTES) {
                if (length == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[length] = (byte) b;
            }
            length++;
        }
        return any ? length : -1;
    }

    private ManifestRecord parse(long lineStart, int length) {
        long lineNumber = linesInChunk;
        if (length > ManifestChunk.MAX_LINE_BYTES) {
            return new ManifestRecord.Invalid(lineNumber, "the line is longer than " + ManifestChunk.MAX_LINE_BYTES + " bytes");
        }
        int from = 0;
        int to = length;
        if (lineStart == 0 && to >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
            from = 3; // UTF-8 byte order mark
        }
        if (to > from && line[to - 1] == '\r') {
            to--;
        }
        String text;
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, from, to - from));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            return new ManifestRecord.Invalid(lineNumber, "the line is not valid UTF-8");
        }
        if (text.isBlank()) {
            return null;
        }
        return lineParser.parse(lineNumber, text);
    }

    private int read() throws IOException {
        if (bufferPos == bufferLen) {
            bufferLen = input.read(buffer, 0, buffer.length);
            bufferPos = 0;
            if (bufferLen <= 0) {
                bufferLen = 0;
                return -1;
            }
        }
        position++;
        return buffer[bufferPos++] & 0xFF;
    }

    @Override
    public void close() {
        try {
            input.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
