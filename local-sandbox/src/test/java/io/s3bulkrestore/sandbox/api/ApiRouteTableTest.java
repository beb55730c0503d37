package io.s3bulkrestore.sandbox.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The local API serves exactly the routes template.yaml gives API Gateway. */
class ApiRouteTableTest {

    /** {@code Type: Api} events: their {@code Path:} and {@code Method:} lines follow within the event's properties. */
    private static final Pattern API_EVENT = Pattern.compile(
            "Type: Api\\s*\\n\\s*Properties:(?:\\s*\\n\\s*(?:RestApiId|Path|Method): [^\\n]+)+");
    private static final Pattern PATH = Pattern.compile("Path: (\\S+)");
    private static final Pattern METHOD = Pattern.compile("Method: (\\S+)");

    @Test
    void shouldServeTheRoutesOfTemplateYaml() throws IOException {
        // Given
        String template = Files.readString(Path.of("..", "template.yaml"));

        // When
        List<ApiRoute> declared = new ArrayList<>();
        Matcher event = API_EVENT.matcher(template);
        while (event.find()) {
            Matcher path = PATH.matcher(event.group());
            Matcher method = METHOD.matcher(event.group());
            assertThat(path.find() && method.find()).as("Path and Method in %s", event.group()).isTrue();
            declared.add(new ApiRoute(method.group(1).toUpperCase(Locale.ROOT), path.group(1)));
        }

        // Then
        assertThat(declared).hasSize(13); // 7 routes and an ANY method on each of their 6 paths
        assertThat(ApiRoute.TEMPLATE_ROUTES).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void shouldMatchTemplatesSegmentBySegment() {
        // Given
        ApiRoute cancel = new ApiRoute("POST", "/jobs/{id}/cancel");

        // When / Then
        assertThat(cancel.match("/jobs/j-1/cancel")).hasValueSatisfying(p -> assertThat(p).containsEntry("id", "j-1"));
        assertThat(cancel.match("/jobs/j-1/cancel/")).isPresent();
        assertThat(cancel.match("/jobs//cancel")).isEmpty();
        assertThat(cancel.match("/jobs/j-1")).isEmpty();
        assertThat(cancel.match("/jobs/j-1/undo")).isEmpty();
    }
}
