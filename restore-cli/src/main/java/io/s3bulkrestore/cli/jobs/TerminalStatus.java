package io.s3bulkrestore.cli.jobs;

import java.util.Arrays;
import java.util.Optional;

/** The statuses a job ends in, and the exit code each gives a command that waited for it. */
enum TerminalStatus {
    COMPLETE("Complete", 0),
    FAILED("Failed", 3),
    CANCELLED("Cancelled", 4),
    TIMEOUT("Timeout", 5);

    static final String AWAITING_CONFIRMATION = "AwaitingConfirmation";
    static final String SUBMITTING = "Submitting";

    private final String apiName;
    private final int exitCode;

    TerminalStatus(String apiName, int exitCode) {
        this.apiName = apiName;
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    String apiName() {
        return apiName;
    }

    /** Empty for a status a job goes on from (and for one this CLI does not know yet). */
    static Optional<TerminalStatus> of(String status) {
        return Arrays.stream(values()).filter(terminal -> terminal.apiName.equals(status)).findFirst();
    }
}
