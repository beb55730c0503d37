package io.s3bulkrestore.sandbox;

import java.nio.file.Path;

/** Sends the functions' logs to one file instead of the console; call before the first logger is created. */
public final class SandboxLogging {

    static final String LOG_FILE_PROPERTY = "sandbox.logFile";

    private SandboxLogging() {
    }

    public static void toFile() {
        if (System.getProperty(LOG_FILE_PROPERTY) == null) {
            System.setProperty(LOG_FILE_PROPERTY,
                    Path.of(System.getProperty("java.io.tmpdir"), "s3-bulk-restore-sandbox.log").toString());
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
