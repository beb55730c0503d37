package io.s3bulkrestore.sandbox;

import java.nio.file.Path;

/** Sends the functions' logs to one file instead of the console; call before the first logger is created. */
public final class SandboxLogging {

    static final String LOG_FILE_PROPERTY = "sandbox.logFile";
    /**
     * SLF4J finds two backends here: the functions' own (lambda-logging, JSON lines on standard output) and
     * Log4j2's, which writes the file. This property (SLF4J 2.0.9+) names the one to use.
     */
    static final String SLF4J_PROVIDER = "slf4j.provider";
    static final String LOG4J2_PROVIDER = "org.apache.logging.slf4j.SLF4JServiceProvider";

    private SandboxLogging() {
    }

    public static void toFile() {
        if (System.getProperty(LOG_FILE_PROPERTY) == null) {
            System.setProperty(LOG_FILE_PROPERTY,
                    Path.of(System.getProperty("java.io.tmpdir"), "s3-bulk-restore-sandbox.log").toString());
        }
        if (System.getProperty(SLF4J_PROVIDER) == null) {
            System.setProperty(SLF4J_PROVIDER, LOG4J2_PROVIDER);
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "sandbox-log4j2.xml");
        }
    }

    public static Path logFile() {
        String file = System.getProperty(LOG_FILE_PROPERTY);
        return file == null ? Path.of("(console)") : Path.of(file);
    }
}
