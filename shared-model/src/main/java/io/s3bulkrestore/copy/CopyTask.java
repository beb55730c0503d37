package io.s3bulkrestore.copy;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One object of a job that copies, restored and waiting for its copy: one message of the copy queue, written
 * {@code copy1|<job id>|<canonical object id, URL-encoded>}: an S3 key may hold characters an SQS message may not
 * (control characters), so it travels encoded.
 */
public record CopyTask(JobId job, ObjectId object) {

    private static final String VERSION = "copy1";

    public CopyTask {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(object, "object");
    }

    public String toMessage() {
        return VERSION + "|" + job.value() + "|" + URLEncoder.encode(object.canonical(), StandardCharsets.UTF_8);
    }

    /** The task a message holds; IllegalArgumentException for one that is not a copy task. */
    public static CopyTask fromMessage(String message) {
        String[] parts = message == null ? new String[0] : message.split("\\|", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION) || !JobId.isWellFormed(parts[1])) {
            throw new IllegalArgumentException("not a copy task: " + message);
        }
        return new CopyTask(new JobId(parts[1]),
                ObjectId.parseCanonical(URLDecoder.decode(parts[2], StandardCharsets.UTF_8)));
    }
}
