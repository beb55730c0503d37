package io.s3bulkrestore.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --include / --exclude globs, relative to --prefix, with the AWS CLI's pattern symbols. */
class KeyFilterTest {

    private static KeyFilter including(String... globs) {
        return new KeyFilter("logs/", List.of(globs), List.of());
    }

    private static KeyFilter excluding(String... globs) {
        return new KeyFilter("logs/", List.of(), List.of(globs));
    }

    @Test
    void shouldLetAStarCrossSlashesAndAQuestionMarkMatchExactlyOneCharacter() {
        assertThat(including("*/x.gz").test("logs/2024/01/31/x.gz")).isTrue();
        assertThat(including("?.gz").test("logs/a.gz")).isTrue();
        assertThat(including("?.gz").test("logs/ab.gz")).isFalse();
        assertThat(including("?.gz").test("logs/.gz")).isFalse();
    }

    @Test
    void shouldMatchTheWholeRelativeKeyNotAPartOfIt() {
        assertThat(including("a.gz").test("logs/a.gz")).isTrue();
        assertThat(including("a.gz").test("logs/old/a.gz")).isFalse();
        assertThat(including("a.gz").test("logs/a.gz.bak")).isFalse();
    }

    @Test
    void shouldTakeRegexCharactersInAPatternLiterally() {
        KeyFilter filter = including("report (final)+.v2.csv");

        assertThat(filter.test("logs/report (final)+.v2.csv")).isTrue();
        assertThat(filter.test("logs/report final.v2.csv")).isFalse();
        assertThat(filter.test("logs/report (final)+Xv2.csv")).isFalse();
    }

    @Test
    void shouldMatchOneCharacterOfAClassOrARange() {
        KeyFilter firstQuarter = including("2024-0[1-3]/*", "[xy].csv");

        assertThat(firstQuarter.test("logs/2024-02/a")).isTrue();
        assertThat(firstQuarter.test("logs/2024-04/a")).isFalse();
        assertThat(firstQuarter.test("logs/y.csv")).isTrue();
        assertThat(firstQuarter.test("logs/z.csv")).isFalse();
    }

    @Test
    void shouldNegateAClassThatStartsWithAnExclamationMarkAsTheAwsCliDoes() {
        // "[!sequence] matches any character not in sequence" (AWS CLI, Use of Exclude and Include Filters)
        KeyFilter notDigits = excluding("[!0-9]*");

        assertThat(notDigits.test("logs/7.csv")).isTrue();
        assertThat(notDigits.test("logs/a.csv")).isFalse();
        assertThat(notDigits.test("logs/!.csv")).isFalse();
        // and a leading ^ is a character like any other there
        assertThat(including("[^a]*").test("logs/a.csv")).isTrue();
        assertThat(including("[^a]*").test("logs/b.csv")).isFalse();
    }

    @Test
    void shouldLetAnExcludeWinOverAnInclude() {
        KeyFilter filter = new KeyFilter("logs/", List.of("*.gz"), List.of("tmp/*"));

        assertThat(filter.test("logs/a.gz")).isTrue();
        assertThat(filter.test("logs/tmp/a.gz")).isFalse();
        assertThat(filter.test("logs/a.txt")).isFalse();
    }

    @Test
    void shouldRefuseAnUnclosedClassNamingThePattern() {
        assertThatThrownBy(() -> including("data[12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unclosed '[' in pattern 'data[12'");
        assertThatThrownBy(() -> including("[z-a]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'[z-a]' is not a pattern: Illegal character range");
    }
}
