package io.s3bulkrestore.cli.jobs;

import java.util.Optional;

/** The user at a terminal, when there is one: the quote's "Confirm? [y/N]". */
public interface Terminal {

    /** The answer typed after the prompt; empty when there is no terminal to ask (a script, a pipe). */
    Optional<String> ask(String prompt);

    /** No one to ask. */
    Terminal NONE = prompt -> Optional.empty();

    /** The JVM's console, if stdin and stdout are a terminal; end of input reads as an empty answer. */
    static Terminal console() {
        java.io.Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return NONE;
        }
        return prompt -> {
            String line = console.readLine("%s", prompt);
            return Optional.of(line == null ? "" : line);
        };
    }

    /** JDK 22+ has a console even when redirected and says whether it is a terminal; on 21 a console is one. */
    private static boolean isTerminal(java.io.Console console) {
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}
