package io.s3bulkrestore.ports;

import java.util.Arrays;

/**
 * An S3 Batch Operations job's status, as DescribeJob names it
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_JobDescriptor.html, {@code Status}). A status AWS adds
 * later reads as {@link #UNKNOWN}, which is not terminal: the monitor keeps asking until it sees one it knows.
 */
public enum BatchStatus {
    NEW("New"),
    PREPARING("Preparing"),
    SUSPENDED("Suspended"),
    READY("Ready"),
    ACTIVE("Active"),
    PAUSING("Pausing"),
    PAUSED("Paused"),
    COMPLETING("Completing"),
    COMPLETE("Complete"),
    FAILING("Failing"),
    FAILED("Failed"),
    CANCELLING("Cancelling"),
    CANCELLED("Cancelled"),
    UNKNOWN("Unknown");

    private final String awsName;

    BatchStatus(String awsName) {
        this.awsName = awsName;
    }

    /** The status AWS spells {@code awsName}; {@link #UNKNOWN} for one this code does not know. */
    public static BatchStatus of(String awsName) {
        return Arrays.stream(values()).filter(status -> status.awsName.equals(awsName)).findFirst().orElse(UNKNOWN);
    }

    /** The name as AWS spells it ("Complete"), as the job records and shows it. */
    public String awsName() {
        return awsName;
    }

    /** Complete, Failed or Cancelled: the job does nothing more. */
    public boolean isTerminal() {
        return this == COMPLETE || this == FAILED || this == CANCELLED;
    }

    /** Failed or Cancelled: it ended without initiating every restore. */
    public boolean stoppedEarly() {
        return this == FAILED || this == CANCELLED;
    }

    /** Waiting for confirmation (a job created with ConfirmationRequired): its tasks are counted, none has run. */
    public boolean awaitsConfirmation() {
        return this == SUSPENDED;
    }

    @Override
    public String toString() {
        return awsName;
    }
}
