package io.s3bulkrestore.copy;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One object of a job that copies, restored and waiting for its copy: one message of the copy queue, written
 * {@code copy1|<job id>|<canonical object id, URL-encoded>}: an S3 key may hold characters an SQS message may not
 * (control characters), so it travels encoded. A task that continues an unfinished copy
 * ({@link CopyOutcome.Unfinished}) carries the copier's resume token as a fourth field, URL-encoded too.
 *
 * @param resumeToken the unfinished copy to continue; null for a copy not started yet
 */
public record CopyTask(JobId job, ObjectId object, String resumeToken) {

    private static final String VERSION = "copy1";

    public CopyTask {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(object, "object");
        if (resumeToken != null && resumeToken.isEmpty()) {
            throw new IllegalArgumentException("a resume token cannot be empty");
        }
    }

    /** The copy of {@code object} for {@code job}, from its start. */
    public CopyTask(JobId job, ObjectId object) {
        this(job, object, null);
    }

    public Optional<String> resume() {
        return Optional.ofNullable(resumeToken);
    }

    /** The same copy, continued from where {@code token} says it stopped. */
    public CopyTask continuedFrom(String token) {
        return new CopyTask(job, object, Objects.requireNonNull(token, "token"));
    }

    public String toMessage() {
        String message = VERSION + "|" + job.value() + "|" + URLEncoder.encode(object.canonical(), StandardCharsets.UTF_8);
        return resumeToken == null ? message : message + "|" + URLEncoder.encode(resumeToken, StandardCharsets.UTF_8);
    }

    /** The task a message holds; IllegalArgumentException for one that is not a copy task. */
    public static CopyTask fromMessage(String message) {
        String[] parts = message == null ? new String[0] : message.split("\\|", 4);
        if (parts.length < 3 || !parts[0].equals(VERSION) || !JobId.isWellFormed(parts[1])
                || (parts.length == 4 && parts[3].isEmpty())) {
            throw new IllegalArgumentException("not a copy task: " + message);
        }
        return new CopyTask(new JobId(parts[1]),
                ObjectId.parseCanonical(URLDecoder.decode(parts[2], StandardCharsets.UTF_8)),
                parts.length == 4 ? URLDecoder.decode(parts[3], StandardCharsets.UTF_8) : null);
    }
}
