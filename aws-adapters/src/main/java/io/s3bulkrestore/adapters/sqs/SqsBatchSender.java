package io.s3bulkrestore.adapters.sqs;

import io.s3bulkrestore.adapters.RetryBackoff;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Sends message bodies to one SQS queue with SendMessageBatch, ten per call (the SQS maximum). Entries SQS reports
 * as failed are sent again, with backoff, a few times; entries that failed on the sender's side (malformed) are not
 * retried. Either every body is sent when {@link #send} returns, or it throws UPSTREAM_FAILED (some may have been
 * sent: the queues' consumers are idempotent).
 */
final class SqsBatchSender {

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatchSender.class);
    static final int MAX_BATCH = 10;
    static final int MAX_ATTEMPTS = 5;
    /** 50 ms before the second attempt, doubling: at most 400 ms before the fifth. */
    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMillis(50), Duration.ofMillis(400));

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final String purpose;
    private final String unit;

    /**
     * @param purpose what sending does, for error messages ("queueing the manifest for ingestion")
     * @param unit    what one message is, plural, for error messages ("chunk(s)")
     */
    SqsBatchSender(SqsClient sqs, String queueUrl, String purpose, String unit) {
        this(constant(Objects.requireNonNull(sqs, "sqs")), queueUrl, purpose, unit);
    }

    /** @param sqs the client, asked for at the first send (a function that rarely sends need not build it at init) */
    SqsBatchSender(Supplier<SqsClient> sqs, String queueUrl, String purpose, String unit) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.unit = Objects.requireNonNull(unit, "unit");
    }

    String queueUrl() {
        return queueUrl;
    }

    void send(List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += MAX_BATCH) {
            sendBatch(bodies.subList(from, Math.min(bodies.size(), from + MAX_BATCH)));
        }
    }

    private void sendBatch(List<String> batch) {
        Map<String, String> pending = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            pending.put(Integer.toString(i), batch.get(i));
        }
        for (int attempt = 1; ; attempt++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(pending.size());
            pending.forEach((id, body) -> entries.add(SendMessageBatchRequestEntry.builder()
                    .id(id).messageBody(body).build()));
            SendMessageBatchResponse response;
            try {
                response = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            } catch (AwsServiceException e) {
                LOG.warn("SQS SendMessageBatch to {} failed: AWS error {}, HTTP {}, request id {}", queueUrl,
                        e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode(), e.statusCode(),
                        e.requestId());
                throw new ServiceException(ErrorCode.UPSTREAM_FAILED,
                        purpose + " failed (AWS request id " + e.requestId() + ")", null, e);
            } catch (SdkException e) {
                LOG.warn("SQS SendMessageBatch to {} failed without an answer: {}", queueUrl, e.toString());
                throw new ServiceException(ErrorCode.UPSTREAM_FAILED, purpose + " failed (no answer from AWS)", null,
                        e);
            }
            response.successful().forEach(ok -> pending.remove(ok.id()));
            if (pending.isEmpty()) {
                return;
            }
            List<BatchResultErrorEntry> failed = response.failed();
            boolean senderFault = failed.stream().anyMatch(BatchResultErrorEntry::senderFault);
            LOG.warn("SQS SendMessageBatch to {}: {} of {} entries failed (attempt {}), first: {} {} (request id {})",
                    queueUrl, pending.size(), entries.size(), attempt, failed.isEmpty() ? null : failed.getFirst().code(),
                    failed.isEmpty() ? null : failed.getFirst().message(), response.responseMetadata().requestId());
            if (senderFault || attempt == MAX_ATTEMPTS) {
                throw new ServiceException(ErrorCode.UPSTREAM_FAILED, purpose + " failed for " + pending.size() + " "
                        + unit + " (AWS request id " + response.responseMetadata().requestId() + ")");
            }
            BACKOFF.sleepBefore(attempt + 1, "SendMessageBatch");
        }
    }

    private static Supplier<SqsClient> constant(SqsClient sqs) {
        return () -> sqs;
    }

}
