package io.s3bulkrestore.restore;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code x-amz-restore} header of HeadObject: {@code ongoing-request="true"} while a restore runs,
 * {@code ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"} once a copy exists.
 * Parsed into its two facts rather than compared as text, so spacing, order and extra attributes
 * (S3 may add more) do not matter.
 *
 * @param ongoing whether a restore is still running
 * @param expiry  when the restored copy goes away; empty while ongoing (or for Intelligent-Tiering,
 *                whose restore moves the object back and does not expire)
 */
public record RestoreHeader(boolean ongoing, Optional<Instant> expiry) {

    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z-]+)\\s*=\\s*\"([^\"]*)\"");

    public RestoreHeader {
        expiry = expiry == null ? Optional.empty() : expiry;
    }

    public static RestoreHeader inProgress() {
        return new RestoreHeader(true, Optional.empty());
    }

    public static RestoreHeader restoredUntil(Instant expiry) {
        return new RestoreHeader(false, Optional.ofNullable(expiry));
    }

    /** Empty for an absent or blank header (no restore was ever requested, or the copy has expired). */
    public static Optional<RestoreHeader> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Boolean ongoing = null;
        Instant expiry = null;
        Matcher matcher = ATTRIBUTE.matcher(header);
        while (matcher.find()) {
            String name = matcher.group(1).toLowerCase(java.util.Locale.ROOT);
            String value = matcher.group(2).trim();
            switch (name) {
                case "ongoing-request" -> ongoing = Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT));
                case "expiry-date" -> expiry = parseDate(value, header);
                default -> {
                    // other attributes are not ours to interpret
                }
            }
        }
        if (ongoing == null) {
            throw new IllegalArgumentException("x-amz-restore without ongoing-request: " + header);
        }
        return Optional.of(new RestoreHeader(ongoing, Optional.ofNullable(expiry)));
    }

    private static Instant parseDate(String value, String header) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("x-amz-restore with an unreadable expiry-date: " + header, e);
        }
    }
}
