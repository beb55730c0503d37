package io.s3bulkrestore.cli.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jobs CLI's profile file, {@code ~/.config/s3-bulk-restore/config}, in the AWS config file's shape:
 * <pre>
 * [profile default]
 * api_url = https://abc123.execute-api.eu-west-1.amazonaws.com/Prod
 * api_key = ...
 * </pre>
 * {@code [default]} is read as {@code [profile default]}; lines starting with {@code #} or {@code ;} are comments.
 */
record ProfileFile(Path path, Map<String, Map<String, String>> profiles) {

    static final String API_URL = "api_url";
    static final String API_KEY = "api_key";

    private static final Pattern SECTION = Pattern.compile("\\[\\s*(?:profile\\s+)?([^\\]\\s]+)\\s*]");
    private static final Pattern SETTING = Pattern.compile("([A-Za-z0-9_.-]+)\\s*=\\s*(.*)");

    /** The file's profiles; none when it does not exist. A line that is neither is an error naming the line. */
    static ProfileFile read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return new ProfileFile(path, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, String> current = null;
        int number = 0;
        for (String raw : text.lines().toList()) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Matcher section = SECTION.matcher(line);
            Matcher setting = SETTING.matcher(line);
            if (section.matches()) {
                current = profiles.computeIfAbsent(section.group(1), name -> new LinkedHashMap<>());
            } else if (setting.matches() && current != null) {
                current.put(setting.group(1), setting.group(2).strip());
            } else {
                throw new IllegalArgumentException(path + " line " + number + ": expected [profile NAME] or "
                        + "name = value under a [profile NAME] line");
            }
        }
        return new ProfileFile(path, profiles);
    }

    Optional<Map<String, String>> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }
}
