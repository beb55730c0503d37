package io.s3bulkrestore.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.jobs.JobLookup;
import io.s3bulkrestore.model.CreateJobRequestParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's API examples are executable: each curl command under a {@code <!-- response: METHOD PATH
 * STATUS -->} marker is replayed against the handler, in README order and on one set of fakes (so the
 * create example's job is the one the later examples read and cancel), and the real response must have
 * the documented status, the same fields with the same JSON types, and the same values wherever a value
 * does not depend on ids or the ETag.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");

    private static final Pattern EXAMPLE = Pattern.compile(
            "```bash\\n(curl .*?)\\n```\\s*<!-- response: (\\S+) (\\S+) (\\d{3}) -->\\s*```json\\n(.*?)\\n```",
            Pattern.DOTALL);

    /** Values that differ from run to run or from the README's made-up ones. */
    private static final Set<String> VOLATILE = Set.of("JobId", "BulkJobId", "BatchJobId", "ETag", "NextPageToken");

    record Example(String curl, String method, String path, int status, String response) {
    }

    static List<Example> examples() throws IOException {
        String readme = Files.readString(README);
        String api = readme.substring(readme.indexOf("\n## API"));
        List<Example> examples = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(api);
        while (m.find()) {
            examples.add(new Example(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4)), m.group(5)));
        }
        return examples;
    }

    @Test
    void shouldAnswerEveryReadmeExampleWithTheDocumentedStatusAndShape() throws IOException {
        // Given the README's examples and a fresh API
        List<Example> examples = examples();
        assertThat(examples).as("README examples").hasSizeGreaterThanOrEqualTo(8);
        var api = new ApiTestbed();
        String jobId = null;

        for (Example example : examples) {
            // When the example's curl command is sent
            var curl = Curl.parse(example.curl(), jobId);
            assertThat(curl.method() + " " + curl.pathTemplate())
                    .as("marker of %s", example.curl())
                    .isEqualTo(example.method() + " " + example.path());
            var response = api.send(curl.toEvent());

            // Then it gets what the README shows
            assertThat(response.status()).as("status of %s", example.curl()).isEqualTo(example.status());
            List<String> differences = new ArrayList<>();
            compare("$", ApiTestbed.json(example.response()), response.body(), differences);
            assertThat(differences).as("%s %s: README shows%n%s%nthe handler answered%n%s", example.method(),
                    example.path(), example.response(), response.text()).isEmpty();
            if (jobId == null && response.body().has("JobId")) {
                jobId = response.body().path("JobId").asText();
            }
        }
    }

    @Test
    void shouldStateTheLimitsTheCodeEnforces() throws IOException {
        String api = Files.readString(README);
        api = api.substring(api.indexOf("\n## API"), api.indexOf("\n## License"));

        assertThat(api).contains("unknown fields are rejected")
                .contains(Integer.toString(ApiSettings.DEFAULT_MAX_BODY_BYTES) + " bytes")
                .contains(CreateJobRequestParser.MAX_KEY_BYTES + " bytes")
                .contains(CreateJobRequestParser.MIN_EXPIRATION_DAYS + "–" + CreateJobRequestParser.MAX_EXPIRATION_DAYS)
                .contains(CreateJobRequestParser.MAX_CLIENT_TAG_CHARS + " characters")
                .contains("1–" + IdempotencyKeys.MAX_LENGTH + " characters")
                .contains("1–" + JobLookup.MAX_PAGE_SIZE + ", default " + JobLookup.DEFAULT_PAGE_SIZE);
    }

    private static void compare(String at, JsonNode documented, JsonNode actual, List<String> differences) {
        if (documented.getNodeType() != actual.getNodeType()) {
            differences.add(at + ": README has " + documented.getNodeType() + ", handler " + actual.getNodeType());
            return;
        }
        if (documented.isObject()) {
            List<String> documentedNames = new ArrayList<>();
            documented.fieldNames().forEachRemaining(documentedNames::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            if (!documentedNames.equals(actualNames)) {
                differences.add(at + ": README fields " + documentedNames + ", handler " + actualNames);
                return;
            }
            documentedNames.forEach(name -> compare(at + "." + name, documented.get(name), actual.get(name),
                    differences));
        } else if (documented.isArray()) {
            if (documented.size() != actual.size()) {
                differences.add(at + ": README has " + documented.size() + " items, handler " + actual.size());
                return;
            }
            for (int i = 0; i < documented.size(); i++) {
                compare(at + "[" + i + "]", documented.get(i), actual.get(i), differences);
            }
        } else if (!VOLATILE.contains(lastName(at)) && !isMessageWithIds(at, documented)
                && !documented.equals(actual)) {
            differences.add(at + ": README has " + documented + ", handler " + actual);
        }
    }

    private static String lastName(String at) {
        return at.substring(at.lastIndexOf('.') + 1);
    }

    /** Messages that quote a job id or a batch job id: compared by type only. */
    private static boolean isMessageWithIds(String at, JsonNode documented) {
        return lastName(at).equals("message") && documented.asText().matches(".*\\b[0-9a-f]{8}-[0-9a-f]{4}-.*");
    }

    /**
     * The part of curl the README uses: -X, -H, -d and one URL, with shell quoting and the variables
     * $API, $API_KEY and $JOB_ID.
     */
    record Curl(String method, String path, Map<String, String> query, List<String[]> headers, String body) {

        private static final String API = "https://abc123defg.execute-api.us-east-1.amazonaws.com/prod";

        static Curl parse(String command, String jobId) {
            List<String> words = words(command.replace("\\\n", " "),
                    Map.of("API", API, "API_KEY", "k3yk3yk3y", "JOB_ID", jobId == null ? "none" : jobId));
            String method = null;
            String url = null;
            String body = null;
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < words.size(); i++) {
                String word = words.get(i);
                switch (word) {
                    case "-X", "--request" -> method = words.get(++i);
                    case "-H", "--header" -> {
                        String header = words.get(++i);
                        int colon = header.indexOf(':');
                        headers.add(new String[] {header.substring(0, colon).strip(), header.substring(colon + 1).strip()});
                    }
                    case "-d", "--data", "--data-raw" -> body = words.get(++i);
                    case "-s", "-S", "-sS", "-i", "--silent", "--show-error" -> {
                        // output options: nothing to send
                    }
                    default -> {
                        assertThat(word).as("curl argument").startsWith(API);
                        url = word;
                    }
                }
            }
            URI uri = URI.create(url);
            // API Gateway hands the function the path below the stage.
            String path = uri.getPath().substring(URI.create(API).getPath().length());
            Map<String, String> query = new java.util.LinkedHashMap<>();
            if (uri.getQuery() != null) {
                for (String pair : uri.getQuery().split("&")) {
                    String[] parts = pair.split("=", 2);
                    query.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
            return new Curl(method != null ? method : body != null ? "POST" : "GET", path, query, headers, body);
        }

        String pathTemplate() {
            return path.replaceFirst("^/jobs/[^/]+", "/jobs/{id}");
        }

        com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent toEvent() {
            ApiEvents event = ApiEvents.request(method, path);
            headers.forEach(header -> event.header(header[0], header[1]));
            query.forEach(event::query);
            if (body != null) {
                event.body(body);
            }
            return event.build();
        }

        /** Splits a shell command into words: '...' literally, "..." and bare words with $NAME expanded. */
        private static List<String> words(String command, Map<String, String> variables) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            for (int i = 0; i < command.length(); i++) {
                char c = command.charAt(i);
                if (Character.isWhitespace(c)) {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                    continue;
                }
                word = word == null ? new StringBuilder() : word;
                if (c == '\'') {
                    int end = command.indexOf('\'', i + 1);
                    word.append(command, i + 1, end);
                    i = end;
                } else if (c == '"') {
                    int end = command.indexOf('"', i + 1);
                    word.append(expand(command.substring(i + 1, end), variables));
                    i = end;
                } else {
                    int end = i;
                    while (end < command.length() && !Character.isWhitespace(command.charAt(end))
                            && command.charAt(end) != '\'' && command.charAt(end) != '"') {
                        end++;
                    }
                    word.append(expand(command.substring(i, end), variables));
                    i = end - 1;
                }
            }
            if (word != null) {
                words.add(word.toString());
            }
            return words;
        }

        private static String expand(String text, Map<String, String> variables) {
            Matcher m = Pattern.compile("\\$\\{?([A-Z_]+)}?").matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                assertThat(variables).as("shell variable in README").containsKey(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(variables.get(m.group(1))));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
