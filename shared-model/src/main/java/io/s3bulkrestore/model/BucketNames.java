package io.s3bulkrestore.model;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** S3's rules for general purpose bucket names. */
public final class BucketNames {

    private static final Pattern CHARSET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES =
            List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private BucketNames() {
    }

    /** Why the name is not a valid bucket name, or empty when it is. */
    public static Optional<String> problemWith(String name) {
        if (name.length() < 3 || name.length() > 63) {
            return Optional.of("must be 3 to 63 characters long");
        }
        if (!CHARSET.matcher(name).matches()) {
            return Optional.of("may contain only lower-case letters, digits, '.' and '-', "
                    + "and must begin and end with a letter or digit");
        }
        if (name.contains("..")) {
            return Optional.of("must not contain two adjacent periods");
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            return Optional.of("must not be formatted as an IP address");
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return Optional.of("must not start with the reserved prefix '" + prefix + "'");
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return Optional.of("must not end with the reserved suffix '" + suffix + "'");
            }
        }
        return Optional.empty();
    }
}
