package io.s3bulkrestore.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreEventEnvelopesTest {

    private static final ObjectId REPORT = new ObjectId("archive-1", "reports/2024/q1 summary + café.csv",
            "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");

    private final RestoreEventEnvelopes envelopes = new RestoreEventEnvelopes(new ObjectMapper());

    static String fixture(String name) {
        try (InputStream in = RestoreEventEnvelopesTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s3-completed.json", "sns-wrapped-completed.json"})
    void shouldReadACompletedRestoreFromAnS3NotificationDirectOrWrapped(String fixture) throws Exception {
        assertThat(envelopes.parse(fixture(fixture))).containsExactly(
                RestoreEvent.completed(REPORT, Instant.parse("2026-11-23T10:15:30.123Z"))
                        .withRestore(Instant.parse("2026-11-30T00:00:00Z"), "DEEP_ARCHIVE"));
    }

    @Test
    void shouldReadTheSameObjectFromAnEventBridgeEventWhoseKeyIsRawAsAwsDocumentsIt() throws Exception {
        RestoreEvent event = envelopes.parse(fixture("eventbridge-completed.json")).getFirst();

        assertThat(event.object()).isEqualTo(REPORT);
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
    }

    @Test
    void shouldReadWhenTheRestoredCopyExpiresAndWhereItWasRestoredFrom() throws Exception {
        RestoreEvent event = envelopes.parse(fixture("eventbridge-completed.json")).getFirst();

        assertThat(event.fact().expiresAt()).isPresent();
        assertThat(event.fact().storageClass()).isPresent();
        assertThat(envelopes.parse("""
                {"version":"0","detail-type":"Object Restore Completed","source":"aws.s3","time":"2026-11-23T10:00:00Z",
                 "detail":{"bucket":{"name":"archive-1"},"object":{"key":"k"},"restore-expiry-time":"soon"}}""")
                .getFirst().fact().expiresAt()).as("an unreadable expiry is none").isEmpty();
    }

    /** Keys with what encodings change: space, '+', '%', non-ASCII, '/'. */
    static List<String> awkwardKeys() {
        return List.of("a b.txt", "a+b.txt", "a b+c.txt", "100%.txt", "50%25 off.txt", "café/naïve ü.csv",
                "dir/sub dir/x+y%z.bin", "%2F+%20");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardKeys")
    void shouldTakeAnEventBridgeKeyExactlyAsWritten(String key) throws Exception {
        // Given an EventBridge event as AWS documents it: detail.object.key is the key itself
        String body = eventBridgeCompleted(key);

        // When / Then: the event names that very object; a differing form-decoded reading is offered only as a variant
        RestoreEvent event = envelopes.parse(body).getFirst();
        assertThat(event.object()).isEqualTo(new ObjectId("archive-1", key, "v1"));
        String decoded = formDecodedOrNull(key);
        if (decoded == null || decoded.equals(key)) {
            assertThat(event.variant()).isEmpty();
        } else {
            assertThat(event.variant()).contains(new ObjectId("archive-1", decoded, "v1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardKeys")
    void shouldFormDecodeAnS3NotificationKeyWithOrWithoutEncodedSlashes(String key) throws Exception {
        // Given the key form-encoded as S3 notifications carry it, '/' kept (S3) or encoded (moto)
        String motoStyle = URLEncoder.encode(key, StandardCharsets.UTF_8);
        String s3Style = motoStyle.replace("%2F", "/");

        for (String encoded : List.of(s3Style, motoStyle)) {
            RestoreEvent event = envelopes.parse(notificationCompleted(encoded)).getFirst();

            assertThat(event.object()).isEqualTo(ObjectId.of("archive-1", key));
            assertThat(event.variant()).isEmpty();
        }
    }

    static String eventBridgeCompleted(String rawKey) {
        return """
                {"version":"0","detail-type":"Object Restore Completed","source":"aws.s3","time":"2026-11-23T10:00:00Z",
                 "detail":{"bucket":{"name":"archive-1"},"object":{"key":%s,"version-id":"v1"}}}"""
                .formatted(jsonString(rawKey));
    }

    static String notificationCompleted(String encodedKey) {
        return """
                {"Records":[{"eventName":"ObjectRestore:Completed","eventTime":"2026-11-23T10:00:00.000Z",
                 "s3":{"bucket":{"name":"archive-1"},"object":{"key":%s}}}]}""".formatted(jsonString(encodedKey));
    }

    private static String jsonString(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String formDecodedOrNull(String key) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notAnEncoding) {
            return null;
        }
    }

    @Test
    void shouldReadInitiatedAndExpiredEventBridgeEvents() throws Exception {
        ObjectId plain = ObjectId.of("archive-1", "plain.txt");
        assertThat(envelopes.parse(fixture("eventbridge-initiated.json")))
                .extracting(RestoreEvent::kind, RestoreEvent::object, RestoreEvent::eventTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RestoreEvent.Kind.INITIATED, plain,
                        Instant.parse("2026-11-23T08:00:00Z")));
        assertThat(envelopes.parse(fixture("eventbridge-expired.json")))
                .extracting(RestoreEvent::kind, RestoreEvent::object, RestoreEvent::eventTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RestoreEvent.Kind.EXPIRED, plain,
                        Instant.parse("2026-11-30T00:00:01Z")));
    }

    @Test
    void shouldKeepRestoreRecordsAndSkipOthersKeepingSThreesNullVersion() throws Exception {
        List<RestoreEvent> events = envelopes.parse(fixture("s3-post-and-delete.json"));

        // "null" is the id S3 gives the version written before versioning: a manifest line may name it
        assertThat(events).containsExactly(
                RestoreEvent.initiated(ObjectId.of("archive-1", "a"), Instant.parse("2026-11-23T09:00:00Z")),
                RestoreEvent.expired(new ObjectId("archive-1", "b", "null"), Instant.parse("2026-11-30T00:00:00Z")));
    }

    @Test
    void shouldYieldNothingForTheTestEventAndForNonRestoreEventBridgeEvents() throws Exception {
        assertThat(envelopes.parse(fixture("s3-test-event.json"))).isEmpty();
        assertThat(envelopes.parse(fixture("eventbridge-object-created.json"))).isEmpty();
    }

    @Test
    void shouldDecodeMotosEncodingOfSlashes() throws Exception {
        // moto encodes '/' as %2F; S3 leaves it; both decode to the same key.
        String moto = """
                {"Records":[{"eventName":"ObjectRestore:Completed","eventTime":"2026-11-23T10:00:00.000Z",
                 "s3":{"bucket":{"name":"archive-1"},"object":{"key":"dir%2Fsub%2Fa+b.txt"}}}]}""";
        assertThat(envelopes.parse(moto)).extracting(e -> e.object().key()).containsExactly("dir/sub/a b.txt");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "not json",
            "[1,2]",
            "{\"hello\":\"world\"}",
            "{\"Records\":{}}",
            "{\"Records\":[{\"eventName\":\"ObjectRestore:Completed\",\"eventTime\":\"2026-11-23T10:00:00Z\",\"s3\":{\"object\":{\"key\":\"k\"}}}]}",
            "{\"Records\":[{\"eventName\":\"ObjectRestore:Completed\",\"eventTime\":\"yesterday\",\"s3\":{\"bucket\":{\"name\":\"b-1\"},\"object\":{\"key\":\"k\"}}}]}",
            "{\"Records\":[{\"eventName\":\"ObjectRestore:Completed\",\"eventTime\":\"2026-11-23T10:00:00Z\",\"s3\":{\"bucket\":{\"name\":\"b-1\"},\"object\":{\"key\":\"bad%zz\"}}}]}",
            "{\"Type\":\"Notification\",\"Message\":\"not json\"}",
            "{\"source\":\"aws.s3\",\"detail-type\":\"Object Restore Completed\",\"time\":\"2026-11-23T10:00:00Z\",\"detail\":{}}",
    })
    void shouldRejectMessagesThatAreNoRestoreEventShape(String body) {
        assertThatThrownBy(() -> envelopes.parse(body)).isInstanceOf(MalformedEventException.class);
    }
}
