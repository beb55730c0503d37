package io.s3bulkrestore.adapters.sqs;

import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.ingest.IngestQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The IngestQueue on SQS: each task one message, its body {@link IngestTask#toMessage()} ({@link SqsBatchSender}). */
public final class SqsIngestQueue implements IngestQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SqsIngestQueue.class);

    private final SqsBatchSender sender;

    public SqsIngestQueue(SqsClient sqs, String queueUrl) {
        this(constant(Objects.requireNonNull(sqs, "sqs")), queueUrl);
    }

    /**
     * @param sqs the client, asked for at the first send: the ingest worker hands chunks back only when it runs out
     *            of time, so it need not build the client before its first request ({@link
     *            io.s3bulkrestore.adapters.AwsClients#sqsWhenFirstUsed})
     */
    public SqsIngestQueue(Supplier<SqsClient> sqs, String queueUrl) {
        this.sender = new SqsBatchSender(sqs, queueUrl, "queueing the manifest for ingestion", "chunk(s)");
    }

    private static Supplier<SqsClient> constant(SqsClient sqs) {
        return () -> sqs;
    }

    @Override
    public void enqueue(List<IngestTask> tasks) {
        sender.send(tasks.stream().map(IngestTask::toMessage).toList());
        LOG.info("queued {} ingest task(s) on {}", tasks.size(), sender.queueUrl());
    }
}
