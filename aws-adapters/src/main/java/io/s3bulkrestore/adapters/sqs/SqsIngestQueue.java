package io.s3bulkrestore.adapters.sqs;

import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.IngestQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The IngestQueue on SQS: SendMessageBatch, ten tasks per call (the SQS maximum), each body
 * {@link IngestTask#toMessage()}. Entries SQS reports as failed are sent again, with backoff, a few times;
 * entries that failed on the sender's side (malformed) are not retried.
 */
public final class SqsIngestQueue implements IngestQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SqsIngestQueue.class);
    static final int MAX_BATCH = 10;
    static final int MAX_ATTEMPTS = 5;
    private static final long BASE_BACKOFF_MILLIS = 50;

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;

    public SqsIngestQueue(SqsClient sqs, String queueUrl) {
        this(constant(Objects.requireNonNull(sqs, "sqs")), queueUrl);
    }

    /**
     * @param sqs the client, asked for at the first send: the ingest worker hands chunks back only when it runs out
     *            of time, so it need not build the client before its first request ({@link
     *            io.s3bulkrestore.adapters.AwsClients#sqsWhenFirstUsed})
     */
    public SqsIngestQueue(Supplier<SqsClient> sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    private static Supplier<SqsClient> constant(SqsClient sqs) {
        return () -> sqs;
    }

    @Override
    public void enqueue(List<IngestTask> tasks) {
        for (int from = 0; from < tasks.size(); from += MAX_BATCH) {
            sendBatch(tasks.subList(from, Math.min(tasks.size(), from + MAX_BATCH)));
        }
        LOG.info("queued {} ingest task(s) on {}", tasks.size(), queueUrl);
    }

    private void sendBatch(List<IngestTask> batch) {
        Map<String, IngestTask> pending = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            pending.put(Integer.toString(i), batch.get(i));
        }
        for (int attempt = 1; ; attempt++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(pending.size());
            pending.forEach((id, task) -> entries.add(SendMessageBatchRequestEntry.builder()
                    .id(id).messageBody(task.toMessage()).build()));
            SendMessageBatchResponse response;
            try {
                response = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            } catch (AwsServiceException e) {
                LOG.warn("SQS SendMessageBatch to {} failed: AWS error {}, HTTP {}, request id {}", queueUrl,
                        e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode(), e.statusCode(),
                        e.requestId());
                throw new ServiceException(ErrorCode.UPSTREAM_FAILED,
                        "queueing the manifest for ingestion failed (AWS request id " + e.requestId() + ")", null, e);
            } catch (SdkException e) {
                LOG.warn("SQS SendMessageBatch to {} failed without an answer: {}", queueUrl, e.toString());
                throw new ServiceException(ErrorCode.UPSTREAM_FAILED,
                        "queueing the manifest for ingestion failed (no answer from AWS)", null, e);
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
                throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "queueing the manifest for ingestion failed for "
                        + pending.size() + " chunk(s) (AWS request id " + response.responseMetadata().requestId() + ")");
            }
            backOff(attempt);
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(BASE_BACKOFF_MILLIS << (attempt - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying SendMessageBatch", e);
        }
    }
}
