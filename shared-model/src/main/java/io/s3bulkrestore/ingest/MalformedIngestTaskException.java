package io.s3bulkrestore.ingest;

/** An IngestQueue message that is not a task this version understands; retrying it cannot help. */
public final class MalformedIngestTaskException extends RuntimeException {

    public MalformedIngestTaskException(String message) {
        super(message);
    }
}
