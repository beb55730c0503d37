package io.s3bulkrestore.events;

/** A message that is not any of the restore event shapes we accept. Retrying will not help. */
public final class MalformedEventException extends Exception {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
