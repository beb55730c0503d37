package io.s3bulkrestore.adapters.sqs;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.MessageRequeue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link MessageRequeue} on SQS: SendMessageBatch of at most ten entries and {@link #MAX_BATCH_BYTES} per call
 * (SQS limits a batch's total payload as it does one message's). One attempt per call: the caller reports
 * what could not be sent as batch item failures, so SQS redelivers it anyway.
 */
public final class SqsMessageRequeue implements MessageRequeue {

    private static final Logger LOG = LoggerFactory.getLogger(SqsMessageRequeue.class);
    static final int MAX_ENTRIES = 10;
    /** SQS's 256 KiB limit on a batch's payload, with room for the request's own fields. */
    static final int MAX_BATCH_BYTES = 240 * 1024;

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;

    public SqsMessageRequeue(SqsClient sqs, String queueUrl) {
        this(constant(Objects.requireNonNull(sqs, "sqs")), queueUrl);
    }

    /**
     * @param sqs the client, asked for at the first requeue: a function that hands messages back only when a batch
     *            runs out of time need not build it before its first request ({@link
     *            io.s3bulkrestore.adapters.AwsClients#sqsWhenFirstUsed})
     */
    public SqsMessageRequeue(Supplier<SqsClient> sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    private static Supplier<SqsClient> constant(SqsClient sqs) {
        return () -> sqs;
    }

    @Override
    public void requeue(List<String> messageBodies) {
        List<String> batch = new ArrayList<>();
        int bytes = 0;
        for (String body : messageBodies) {
            int size = body.getBytes(StandardCharsets.UTF_8).length;
            if (!batch.isEmpty() && (batch.size() == MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
                send(batch);
                batch.clear();
                bytes = 0;
            }
            batch.add(body);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    private void send(List<String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i)).build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        } catch (SdkException e) {
            LOG.warn("SQS SendMessageBatch to {} failed: {}", queueUrl, e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "re-sending messages to " + queueUrl + " failed",
                    null, e);
        }
        if (!response.failed().isEmpty()) {
            var first = response.failed().getFirst();
            LOG.warn("SQS SendMessageBatch to {}: {} of {} entries failed, first: {} {} (request id {})", queueUrl,
                    response.failed().size(), entries.size(), first.code(), first.message(),
                    response.responseMetadata().requestId());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "re-sending " + response.failed().size()
                    + " message(s) to " + queueUrl + " failed (AWS request id " + response.responseMetadata().requestId() + ")");
        }
    }
}
