package io.s3bulkrestore.adapters.sqs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Sets how long a message a function hands back (a partial batch failure) stays hidden before SQS delivers it again:
 * ChangeMessageVisibility on its receipt handle, so a retry comes after a backoff of the function's choosing rather
 * than after the queue's whole visibility timeout. Best effort: if the call fails, the message still comes back,
 * after the queue's timeout.
 */
public final class SqsRetryDelay {

    private static final Logger LOG = LoggerFactory.getLogger(SqsRetryDelay.class);
    /** SQS's most: 12 hours. */
    static final Duration MAX = Duration.ofHours(12);

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;

    public SqsRetryDelay(Supplier<SqsClient> sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    public void delay(String receiptHandle, Duration after) {
        long seconds = Math.max(0, Math.min(MAX.toSeconds(), after.toSeconds()));
        try {
            sqs.get().changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout((int) seconds));
        } catch (SdkException e) {
            LOG.warn("ChangeMessageVisibility on {} failed; the message comes back after the queue's visibility"
                    + " timeout instead: {}", queueUrl, e.toString());
        }
    }
}
