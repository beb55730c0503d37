package io.s3bulkrestore.ingest;

import io.s3bulkrestore.budget.TimeBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One SQS batch of ingest messages (IngestBatchSize chunks), run within the invocation's time: a chunk only
 * starts if its worst case fits before the function's timeout ({@link TimeBudget}, {@link IngestTimeEstimate}).
 *
 * <p>The chunks that do not fit are sent again as new messages and the originals acknowledged, rather than
 * reported as batch item failures: a failure would make them wait out the visibility timeout (6 x 900 s) and
 * count as a failed receive, so a run of large batches could move healthy chunks to the dead-letter queue
 * after MaxReceiveCount. Ingesting a chunk twice is harmless (idempotent), so the worst a crash between the
 * re-send and the acknowledgement can do is ingest one chunk twice. Only if the re-send itself fails are those
 * chunks reported as failures, so they are never lost.
 */
public final class IngestBatch {

    private static final Logger LOG = LoggerFactory.getLogger(IngestBatch.class);

    private final Function<IngestTask, IngestManifestChunk.Outcome> ingest;
    private final IngestQueue queue;

    public IngestBatch(IngestManifestChunk ingest, IngestQueue queue) {
        this(ingest::ingest, queue);
    }

    /** @param ingest ingests one task (the use case, or a stand-in in tests) */
    public IngestBatch(Function<IngestTask, IngestManifestChunk.Outcome> ingest, IngestQueue queue) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** One queue message: its id and body. */
    public record Message(String id, String body) {
    }

    /**
     * @param ingested         chunks ingested by this invocation
     * @param handedOn         chunks not started for lack of time, re-sent as new messages
     * @param failedMessageIds messages to report as failed (SQS redelivers them after the visibility timeout)
     */
    public record Result(int messages, int ingested, int handedOn, List<String> failedMessageIds) {
    }

    private record Parsed(Message message, IngestTask task) {
    }

    /** @param remainingMillis time left before the function's timeout (Lambda's context) */
    public Result apply(List<Message> messages, LongSupplier remainingMillis) {
        List<String> failed = new ArrayList<>();
        List<Parsed> tasks = new ArrayList<>();
        for (Message message : messages) {
            try {
                tasks.add(new Parsed(message, IngestTask.parse(message.body())));
            } catch (MalformedIngestTaskException e) {
                LOG.error("ingest message {} is malformed and will go to the dead-letter queue after its retries: {}",
                        message.id(), e.getMessage());
                failed.add(message.id());
            }
        }
        int[] ingested = {0};
        TimeBudget budget = new TimeBudget(remainingMillis, IngestTimeEstimate.RESERVE);
        List<Parsed> unstarted = budget.runWhileTimeAllows(tasks, parsed -> IngestTimeEstimate.worstCase(parsed.task()),
                parsed -> {
                    try {
                        if (ingest.apply(parsed.task()) instanceof IngestManifestChunk.Outcome.Ingested) {
                            ingested[0]++;
                        }
                    } catch (RuntimeException e) {
                        LOG.error("ingest message {} failed and will be retried", parsed.message().id(), e);
                        failed.add(parsed.message().id());
                    }
                });
        int handedOn = handOn(unstarted, failed);
        return new Result(messages.size(), ingested[0], handedOn, List.copyOf(failed));
    }

    private int handOn(List<Parsed> unstarted, List<String> failed) {
        if (unstarted.isEmpty()) {
            return 0;
        }
        try {
            queue.enqueue(unstarted.stream().map(Parsed::task).toList());
            LOG.info("{} chunk(s) would not fit in this invocation's time and were queued again: {}", unstarted.size(),
                    unstarted.stream().map(parsed -> parsed.task().toMessage()).toList());
            return unstarted.size();
        } catch (RuntimeException e) {
            LOG.warn("queueing {} chunk(s) again failed; reporting them as failed so SQS redelivers them",
                    unstarted.size(), e);
            unstarted.forEach(parsed -> failed.add(parsed.message().id()));
            return 0;
        }
    }
}
