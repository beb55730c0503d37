package io.s3bulkrestore.cli.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiEndpointTest {

    @TempDir
    Path home;

    private Path config(String text) throws IOException {
        Path file = JobsContext.defaultConfigFile(home.toString());
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static final String TWO_PROFILES = """
            # the default stack
            [profile default]
            api_url = https://default.example.com/Prod
            api_key = default-key

            ; a second one
            [profile staging]
            api_url=https://staging.example.com/Stage
            api_key  =  staging-key
            """;

    @Test
    void shouldReadTheDefaultProfileFromTheConfigFileUnderHome() throws IOException {
        Path file = config(TWO_PROFILES);
        assertThat(file).isEqualTo(home.resolve(".config/s3-bulk-restore/config"));

        ApiEndpoint endpoint = ApiEndpoint.resolve(null, null, null, Map.of(), file);

        assertThat(endpoint).isEqualTo(new ApiEndpoint(URI.create("https://default.example.com/Prod"), "default-key"));
    }

    @Test
    void shouldReadANamedProfile() throws IOException {
        ApiEndpoint endpoint = ApiEndpoint.resolve(null, null, "staging", Map.of(), config(TWO_PROFILES));

        assertThat(endpoint).isEqualTo(new ApiEndpoint(URI.create("https://staging.example.com/Stage"), "staging-key"));
    }

    @Test
    void shouldPreferFlagsToTheEnvironmentAndTheEnvironmentToTheProfileEachValueOnItsOwn() throws IOException {
        Path file = config(TWO_PROFILES);
        Map<String, String> env = Map.of(ApiEndpoint.URL_VARIABLE, "http://env.example.com", ApiEndpoint.KEY_VARIABLE, "env-key");

        assertThat(ApiEndpoint.resolve("http://flag.example.com", "flag-key", null, env, file))
                .isEqualTo(new ApiEndpoint(URI.create("http://flag.example.com"), "flag-key"));
        assertThat(ApiEndpoint.resolve(null, null, null, env, file))
                .isEqualTo(new ApiEndpoint(URI.create("http://env.example.com"), "env-key"));
        assertThat(ApiEndpoint.resolve("http://flag.example.com", null, null, Map.of(), file))
                .isEqualTo(new ApiEndpoint(URI.create("http://flag.example.com"), "default-key"));
        assertThat(ApiEndpoint.resolve(null, null, null, Map.of(ApiEndpoint.KEY_VARIABLE, "env-key"), file))
                .isEqualTo(new ApiEndpoint(URI.create("https://default.example.com/Prod"), "env-key"));
    }

    @Test
    void shouldNeedNoFileWhenFlagsOrEnvironmentSayItAll() {
        Path absent = home.resolve("absent");

        assertThat(ApiEndpoint.resolve(null, null, null,
                Map.of(ApiEndpoint.URL_VARIABLE, "http://127.0.0.1:8787", ApiEndpoint.KEY_VARIABLE, "sandbox-api-key"), absent))
                .isEqualTo(new ApiEndpoint(URI.create("http://127.0.0.1:8787"), "sandbox-api-key"));
    }

    @Test
    void shouldAcceptTheAwsStyleDefaultSection() throws IOException {
        Path file = config("[default]\napi_url = http://127.0.0.1:8787\napi_key = k\n");

        assertThat(ApiEndpoint.resolve(null, null, null, Map.of(), file).url()).isEqualTo(URI.create("http://127.0.0.1:8787"));
    }

    @Test
    void shouldNameWhatIsMissingAndWhereToSetIt() throws IOException {
        Path file = config("[profile default]\napi_url = https://default.example.com/Prod\n");

        assertThatThrownBy(() -> ApiEndpoint.resolve(null, null, null, Map.of(), file))
                .isInstanceOf(ApiEndpoint.Unresolved.class)
                .hasMessage("no API key: pass --api-key, set S3_BULK_RESTORE_API_KEY, or put api_key = ... under "
                        + "[profile default] in " + file);
        assertThatThrownBy(() -> ApiEndpoint.resolve(null, null, "prod", Map.of(), file))
                .hasMessage("no [profile prod] in " + file);
        assertThatThrownBy(() -> ApiEndpoint.resolve(null, null, "prod", Map.of(), home.resolve("absent")))
                .hasMessageContaining("no [profile prod] in ");
    }

    @Test
    void shouldRejectAMalformedFileNamingTheLine() throws IOException {
        Path file = config("[profile default]\napi_url: https://x\n");

        assertThatThrownBy(() -> ApiEndpoint.resolve(null, null, null, Map.of(), file))
                .hasMessage(file + " line 2: expected [profile NAME] or name = value under a [profile NAME] line");
        Path orphan = config("api_url = https://x\n");
        assertThatThrownBy(() -> ApiEndpoint.resolve(null, null, null, Map.of(), orphan))
                .hasMessageContaining("line 1");
    }

    @Test
    void shouldRejectAUrlThatIsNotHttp() {
        assertThatThrownBy(() -> ApiEndpoint.resolve("ftp://x", "k", null, Map.of(), home.resolve("absent")))
                .hasMessage("the API URL must be http(s)://host[:port][/stage], got 'ftp://x'");
    }

    @Test
    void shouldNeverPrintTheKey() {
        assertThat(new ApiEndpoint(URI.create("http://x"), "s3cret-key").toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldTakeABlankFlagOrVariableAsUnsetAndStripSpaces() throws IOException {
        Path file = config("[profile default]\napi_url = https://default.example.com/Prod\napi_key = abc==\n");

        ApiEndpoint endpoint = ApiEndpoint.resolve("  ", null, null,
                Map.of(ApiEndpoint.URL_VARIABLE, "", ApiEndpoint.KEY_VARIABLE, "  env-key  "), file);

        assertThat(endpoint).isEqualTo(new ApiEndpoint(URI.create("https://default.example.com/Prod"), "env-key"));
        assertThat(ApiEndpoint.resolve(null, null, null, Map.of(), file).apiKey()).isEqualTo("abc==");
    }

    @Test
    void shouldMergeARepeatedProfileSectionAndLetTheLastValueWin() throws IOException {
        Path file = config("[profile default]\napi_url = https://old.example.com\n[other]\napi_key = o\n"
                + "[ profile default ]\napi_url = https://new.example.com\napi_key = k\n");

        assertThat(ApiEndpoint.resolve(null, null, null, Map.of(), file))
                .isEqualTo(new ApiEndpoint(URI.create("https://new.example.com"), "k"));
    }

    @Test
    void shouldRejectAUrlThatIsNotAUrlOrHasNoHost() {
        assertThatThrownBy(() -> ApiEndpoint.resolve("http://exa mple.com", "k", null, Map.of(), home.resolve("absent")))
                .isInstanceOf(ApiEndpoint.Unresolved.class).hasMessageStartingWith("the API URL is not a URL: ");
        assertThatThrownBy(() -> ApiEndpoint.resolve("https:///Prod", "k", null, Map.of(), home.resolve("absent")))
                .hasMessage("the API URL must be http(s)://host[:port][/stage], got 'https:///Prod'");
    }
}
