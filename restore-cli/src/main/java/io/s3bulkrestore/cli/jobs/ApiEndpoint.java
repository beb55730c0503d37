package io.s3bulkrestore.cli.jobs;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the s3-bulk-restore API is and its key. Each of the two comes from the first of: its flag, its environment
 * variable, the profile file (profile {@code --api-profile}, default {@code default}).
 */
record ApiEndpoint(URI url, String apiKey) {

    static final String URL_VARIABLE = "S3_BULK_RESTORE_API_URL";
    static final String KEY_VARIABLE = "S3_BULK_RESTORE_API_KEY";
    static final String DEFAULT_PROFILE = "default";

    /** The configuration could not be resolved; the message says what is missing and where to set it. */
    static final class Unresolved extends RuntimeException {
        Unresolved(String message) {
            super(message);
        }
    }

    /**
     * @param profile the profile named with --api-profile, or null for the default one; a named profile that is not
     *                in the file is an error, the default one may be absent when flags or environment say it all
     */
    static ApiEndpoint resolve(String urlFlag, String keyFlag, String profile, Map<String, String> env, Path configFile) {
        String url = first(urlFlag, env.get(URL_VARIABLE));
        String key = first(keyFlag, env.get(KEY_VARIABLE));
        String profileName = profile == null ? DEFAULT_PROFILE : profile;
        if (url == null || key == null || profile != null) {
            ProfileFile file;
            try {
                file = ProfileFile.read(configFile);
            } catch (IllegalArgumentException | java.io.UncheckedIOException unreadable) {
                throw new Unresolved(unreadable.getMessage());
            }
            Optional<Map<String, String>> settings = file.profile(profileName);
            if (profile != null && settings.isEmpty()) {
                throw new Unresolved("no [profile " + profileName + "] in " + configFile);
            }
            url = first(url, settings.map(s -> s.get(ProfileFile.API_URL)).orElse(null));
            key = first(key, settings.map(s -> s.get(ProfileFile.API_KEY)).orElse(null));
        }
        if (url == null) {
            throw new Unresolved(missing("API URL", "--api-url", URL_VARIABLE, ProfileFile.API_URL, profileName, configFile));
        }
        if (key == null) {
            throw new Unresolved(missing("API key", "--api-key", KEY_VARIABLE, ProfileFile.API_KEY, profileName, configFile));
        }
        return new ApiEndpoint(parseUrl(url), key);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ApiEndpoint[url=" + url + ", apiKey=(" + apiKey.length() + " characters)]";
    }

    private static URI parseUrl(String text) {
        try {
            URI url = new URI(text);
            if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
                throw new Unresolved("the API URL must be http(s)://host[:port][/stage], got '" + text + "'");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new Unresolved("the API URL is not a URL: " + e.getMessage());
        }
    }

    private static String missing(String what, String flag, String variable, String setting, String profile, Path file) {
        return "no " + what + ": pass " + flag + ", set " + variable + ", or put " + setting + " = ... under [profile "
                + profile + "] in " + file;
    }

    private static String first(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred.strip()
                : fallback != null && !fallback.isBlank() ? fallback.strip() : null;
    }
}
