package io.s3bulkrestore.ingest;

import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.model.JobId;

import java.util.Objects;

/**
 * One unit of manifest ingestion, as sent on the IngestQueue. The message text is versioned and
 * documented here, so any sender or reader can speak it without a JSON library:
 * <pre>
 *   v1|&lt;jobId&gt;|csv|&lt;chunk index&gt;|&lt;start&gt;|&lt;end&gt;          a byte range of a CSV manifest
 *   v1|&lt;jobId&gt;|inventory|&lt;file index&gt;|&lt;data file key&gt;   one data file of an inventory report
 * </pre>
 * Job ids never contain '|'; a data file key may, so it comes last and runs to the end of the text.
 */
public sealed interface IngestTask {

    String VERSION = "v1";
    char SEPARATOR = '|';

    JobId job();

    /** The chunk number its summary is recorded under: chunk index or data file index. */
    int chunkNumber();

    String toMessage();

    /** A byte range {@code [start, end)} of the job's CSV manifest (see {@link ManifestChunk}). */
    record CsvChunk(JobId job, ManifestChunk chunk) implements IngestTask {
        public CsvChunk {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(chunk, "chunk");
        }

        @Override
        public int chunkNumber() {
            return chunk.index();
        }

        @Override
        public String toMessage() {
            return String.join("|", VERSION, job.value(), "csv", Integer.toString(chunk.index()),
                    Long.toString(chunk.start()), Long.toString(chunk.end()));
        }
    }

    /** Data file {@code fileIndex} (0-based, in manifest.json order) of the job's inventory report. */
    record InventoryFile(JobId job, int fileIndex, String key) implements IngestTask {
        public InventoryFile {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(key, "key");
            if (fileIndex < 0) {
                throw new IllegalArgumentException("file index cannot be negative: " + fileIndex);
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("data file key is empty");
            }
        }

        @Override
        public int chunkNumber() {
            return fileIndex;
        }

        @Override
        public String toMessage() {
            return String.join("|", VERSION, job.value(), "inventory", Integer.toString(fileIndex), key);
        }
    }

    /**
     * Reads a message written by {@link #toMessage()}.
     *
     * @throws MalformedIngestTaskException naming what is wrong with the text
     */
    static IngestTask parse(String message) {
        if (message == null || message.isEmpty()) {
            throw new MalformedIngestTaskException("ingest task message is empty");
        }
        String[] head = message.split("\\|", 5);
        if (!VERSION.equals(head[0])) {
            throw new MalformedIngestTaskException("ingest task message has version '" + head[0] + "', expected "
                    + VERSION + ": " + abbreviate(message));
        }
        if (head.length < 5) {
            throw new MalformedIngestTaskException("ingest task message has " + head.length
                    + " fields, expected at least 5: " + abbreviate(message));
        }
        if (!JobId.isWellFormed(head[1])) {
            throw new MalformedIngestTaskException("ingest task message has an invalid job id: " + abbreviate(message));
        }
        JobId job = new JobId(head[1]);
        int index = (int) number("index", head[3], message, Integer.MAX_VALUE);
        return switch (head[2]) {
            case "csv" -> {
                String[] range = head[4].split("\\|", -1);
                if (range.length != 2) {
                    throw new MalformedIngestTaskException("csv ingest task needs <start>|<end> after the index: "
                            + abbreviate(message));
                }
                long start = number("start", range[0], message, Long.MAX_VALUE);
                long end = number("end", range[1], message, Long.MAX_VALUE);
                if (end <= start) {
                    throw new MalformedIngestTaskException("csv ingest task range is empty: " + abbreviate(message));
                }
                yield new CsvChunk(job, new ManifestChunk(index, start, end));
            }
            case "inventory" -> {
                if (head[4].isEmpty()) {
                    throw new MalformedIngestTaskException("inventory ingest task has no data file key: "
                            + abbreviate(message));
                }
                yield new InventoryFile(job, index, head[4]);
            }
            default -> throw new MalformedIngestTaskException("ingest task kind '" + head[2]
                    + "' is neither csv nor inventory: " + abbreviate(message));
        };
    }

    private static long number(String name, String text, String message, long max) {
        try {
            long value = Long.parseLong(text);
            if (value < 0 || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedIngestTaskException("ingest task " + name + " '" + text
                    + "' is not a non-negative number: " + abbreviate(message));
        }
    }

    private static String abbreviate(String message) {
        return message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }
}
