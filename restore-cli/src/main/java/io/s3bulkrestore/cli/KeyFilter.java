package io.s3bulkrestore.cli;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * --include / --exclude, as the AWS CLI's s3 commands have them: patterns match the part of the key
 * after --prefix, {@code *} matches any characters including '/', {@code ?} one character, {@code [abc]}
 * a class, {@code [!abc]} any character not in it. A key passes when it matches some include (or there are
 * none) and no exclude.
 */
final class KeyFilter implements Predicate<String> {

    private final String prefix;
    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    KeyFilter(String prefix, List<String> includes, List<String> excludes) {
        this.prefix = prefix;
        this.includes = includes.stream().map(KeyFilter::compile).toList();
        this.excludes = excludes.stream().map(KeyFilter::compile).toList();
    }

    @Override
    public boolean test(String key) {
        String relative = key.startsWith(prefix) ? key.substring(prefix.length()) : key;
        boolean included = includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(relative).matches());
        return included && excludes.stream().noneMatch(p -> p.matcher(relative).matches());
    }

    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        boolean inClass = false;
        boolean classStart = false;
        for (char c : glob.toCharArray()) {
            if (classStart) {
                classStart = false;
                // As the AWS CLI (Python's fnmatch): [!abc] is any character but a, b, c; a leading ^ is literal.
                if (c == '!') {
                    regex.append('^');
                    continue;
                }
                if (c == '^') {
                    regex.append("\\^");
                    continue;
                }
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    regex.append(']');
                } else if (c == '\\' || c == '[') {
                    regex.append('\\').append(c);
                } else {
                    regex.append(c);
                }
                continue;
            }
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    inClass = true;
                    classStart = true;
                    regex.append('[');
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inClass) {
            throw new IllegalArgumentException("unclosed '[' in pattern '" + glob + "'");
        }
        try {
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + glob + "' is not a pattern: " + e.getDescription());
        }
    }
}
