package io.s3bulkrestore.adapters.s3;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link S3ObjectCopier} needs to continue a multipart copy it left open: the upload, the part size its plan was
 * made with ({@link PartRanges}, so the rest is copied in the same ranges whatever the settings are now), and the
 * source version and ETag its parts were copied from (a continuation of another source is not a continuation). It
 * travels as the resume token of {@link io.s3bulkrestore.copy.CopyOutcome.Unfinished}, written
 * {@code mpu1/<part size>/<version id>/<etag>/<upload id>}, each field URL-encoded.
 */
record MultipartResume(String uploadId, long partSize, String sourceVersionId, String sourceEtag) {

    private static final String VERSION = "mpu1";

    MultipartResume {
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(sourceVersionId, "sourceVersionId");
        Objects.requireNonNull(sourceEtag, "sourceEtag");
    }

    String token() {
        return String.join("/", VERSION, Long.toString(partSize), encode(sourceVersionId), encode(sourceEtag),
                encode(uploadId));
    }

    /** The resume a token describes; empty for one this class did not write (it is then not trusted). */
    static Optional<MultipartResume> parse(String token) {
        String[] fields = token == null ? new String[0] : token.split("/", -1);
        if (fields.length != 5 || !fields[0].equals(VERSION) || fields[4].isEmpty()) {
            return Optional.empty();
        }
        try {
            long partSize = Long.parseLong(fields[1]);
            if (partSize < S3CopySettings.MIN_PART_SIZE || partSize > S3CopySettings.MAX_PART_SIZE) {
                return Optional.empty();
            }
            return Optional.of(new MultipartResume(decode(fields[4]), partSize, decode(fields[2]), decode(fields[3])));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
