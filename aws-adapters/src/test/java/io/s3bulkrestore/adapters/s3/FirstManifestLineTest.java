package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.adapters.s3.FirstManifestLine.Result;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FirstManifestLineTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReturnTheFirstLineWithoutItsTerminator() {
        // Given a manifest of two lines
        byte[] prefix = bytes("archive-1,photos/a.jpg\narchive-1,photos/b.jpg\n");

        // When / Then
        assertThat(FirstManifestLine.find(prefix, true)).isEqualTo(new Result.Found(1, "archive-1,photos/a.jpg"));
    }

    @Test
    void shouldSkipAByteOrderMarkAndBlankLinesButCountThem() {
        // Given a BOM, then an empty line, a line of spaces and a CRLF-terminated blank line
        byte[] prefix = bytes("\uFEFF\n   \r\n\t\narchive-1,a%20b.txt,v1\r\narchive-1,c.txt,v2\r\n");

        // When / Then
        assertThat(FirstManifestLine.find(prefix, true)).isEqualTo(new Result.Found(4, "archive-1,a%20b.txt,v1"));
    }

    @Test
    void shouldTreatALoneCarriageReturnAsALineEnd() {
        assertThat(FirstManifestLine.find(bytes("\rarchive-1,k\rarchive-1,l"), true))
                .isEqualTo(new Result.Found(2, "archive-1,k"));
    }

    @Test
    void shouldAcceptAnUnterminatedLastLineOnlyWhenTheWholeObjectWasRead() {
        // Given a single line with no newline
        byte[] prefix = bytes("archive-1,only.txt");

        // When / Then: complete object -> the line; a cut-off prefix -> unknown
        assertThat(FirstManifestLine.find(prefix, true)).isEqualTo(new Result.Found(1, "archive-1,only.txt"));
        assertThat(FirstManifestLine.find(prefix, false)).isEqualTo(new Result.NotWithinPrefix());
    }

    @Test
    void shouldCallAnObjectOfOnlyBlankLinesEmptyButNotAPrefixOfThem() {
        assertThat(FirstManifestLine.find(bytes(""), true)).isEqualTo(new Result.Empty());
        assertThat(FirstManifestLine.find(bytes("\uFEFF"), true)).isEqualTo(new Result.Empty());
        assertThat(FirstManifestLine.find(bytes("\n \r\n\n"), true)).isEqualTo(new Result.Empty());
        assertThat(FirstManifestLine.find(bytes("\n \r\n\n"), false)).isEqualTo(new Result.NotWithinPrefix());
    }

    @Test
    void shouldDecodeMalformedUtf8AsReplacementCharacters() {
        // Given a line with a lone continuation byte
        byte[] prefix = {'b', ',', (byte) 0x80, 'k', '\n'};

        // When
        Result result = FirstManifestLine.find(prefix, true);

        // Then
        assertThat(result).isInstanceOfSatisfying(Result.Found.class,
                found -> assertThat(found.text()).isEqualTo("b,\uFFFDk"));
    }

    @Test
    void shouldKeepMultiByteCharactersIntact() {
        assertThat(FirstManifestLine.find(bytes("archive-1,caf\u00e9/\u65e5\u672c.txt\n"), false))
                .isEqualTo(new Result.Found(1, "archive-1,caf\u00e9/\u65e5\u672c.txt"));
    }
}
