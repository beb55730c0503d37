package io.s3bulkrestore.model;

import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectIdTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a b.txt           | a%20b.txt                 | a+b.txt",
            "a+b.txt           | a+b.txt                   | a%2Bb.txt",
            "100%.csv          | 100%25.csv                | 100%25.csv",
            "dir/sub/file      | dir/sub/file              | dir%2Fsub%2Ffile",
            "données/été 1.bin | donn%C3%A9es/%C3%A9t%C3%A9%201.bin | donn%C3%A9es%2F%C3%A9t%C3%A9+1.bin",
            "x+ y+%.log        | x%2B%20y%2B%25.log         | x%2B+y%2B%25.log",
    })
    void shouldDecodeManifestAndEventSpellingsToTheSameIdentity(String decoded, String manifestForm, String eventForm) {
        ObjectId fromManifest = ObjectId.fromEncoded("bucket-1", manifestForm, null, KeyEncoding.URL);
        ObjectId fromEvent = ObjectId.fromEncoded("bucket-1", eventForm, null, KeyEncoding.FORM);

        assertThat(fromManifest).isEqualTo(fromEvent);
        assertThat(fromManifest.key()).isEqualTo(decoded);
    }

    @Test
    void shouldTreatPlusAsLiteralInManifestsAndAsSpaceInEvents() {
        assertThat(ObjectId.decodeKey("a+b", KeyEncoding.URL)).isEqualTo("a+b");
        assertThat(ObjectId.decodeKey("a+b", KeyEncoding.FORM)).isEqualTo("a b");
        assertThat(ObjectId.decodeKey("a+b", KeyEncoding.NONE)).isEqualTo("a+b");
    }

    @Test
    void shouldRoundTripTheCanonicalFormWhateverTheKeyContains() {
        String awkwardKey = "a|b|c/üñí cødé+%?versionId=x";
        for (ObjectId id : new ObjectId[] {
                ObjectId.of("bucket-1", awkwardKey), new ObjectId("bucket-1", awkwardKey, "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")}) {
            assertThat(ObjectId.parseCanonical(id.canonical())).isEqualTo(id);
        }
        assertThat(ObjectId.of("b-1", "k").canonical()).isNotEqualTo(new ObjectId("b-1", "k", "v").canonical());
    }

    @Test
    void shouldTreatAnEmptyVersionAsNoVersion() {
        assertThat(new ObjectId("bucket-1", "k", "")).isEqualTo(ObjectId.of("bucket-1", "k"));
        assertThat(new ObjectId("bucket-1", "k", "").version()).isEmpty();
    }

    @Test
    void shouldRejectMalformedPercentEncoding() {
        assertThatThrownBy(() -> ObjectId.decodeKey("bad%zz", KeyEncoding.URL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMatchJavasFormEncoderForEveryCharacterClass() {
        String key = "Ünïcödé 日本語/with space+plus%percent&amp=eq";
        String formEncoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
        String urlEncoded = formEncoded.replace("+", "%20");
        assertThat(ObjectId.decodeKey(formEncoded, KeyEncoding.FORM)).isEqualTo(key);
        assertThat(ObjectId.decodeKey(urlEncoded, KeyEncoding.URL)).isEqualTo(key);
    }
}
