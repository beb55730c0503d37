package io.s3bulkrestore.adapters.sqs;

import io.s3bulkrestore.copy.CopyQueue;
import io.s3bulkrestore.copy.CopyTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;
import java.util.function.Supplier;

/** The CopyQueue on SQS: each task one message, its body {@link CopyTask#toMessage()} ({@link SqsBatchSender}). */
public final class SqsCopyQueue implements CopyQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SqsCopyQueue.class);

    private final SqsBatchSender sender;

    public SqsCopyQueue(SqsClient sqs, String queueUrl) {
        this.sender = new SqsBatchSender(sqs, queueUrl, "queueing restored objects for their copy", "object(s)");
    }

    /**
     * @param sqs the client, asked for at the first send: the tally function queues copies only for jobs with a copy
     *            option, so it need not build the client at init ({@link
     *            io.s3bulkrestore.adapters.AwsClients#sqsWhenFirstUsed})
     */
    public SqsCopyQueue(Supplier<SqsClient> sqs, String queueUrl) {
        this.sender = new SqsBatchSender(sqs, queueUrl, "queueing restored objects for their copy", "object(s)");
    }

    @Override
    public void enqueue(List<CopyTask> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        sender.send(tasks.stream().map(CopyTask::toMessage).toList());
        LOG.info("queued {} copy task(s) on {}", tasks.size(), sender.queueUrl());
    }
}
