package io.s3bulkrestore.events;

import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one SQS batch of restore event messages with per-message failure: a malformed message fails
 * alone (SQS redelivers it until the redrive policy moves it to the DLQ); the good ones are applied
 * together, so each job's counter is written once for the whole batch. If applying the batch fails,
 * each message is applied on its own, so only the messages that really cannot be applied fail.
 */
public final class RestoreEventBatch {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreEventBatch.class);

    private final RestoreEventEnvelopes envelopes;
    private final RecordRestoreEvents recordRestoreEvents;

    public RestoreEventBatch(RestoreEventEnvelopes envelopes, RecordRestoreEvents recordRestoreEvents) {
        this.envelopes = envelopes;
        this.recordRestoreEvents = recordRestoreEvents;
    }

    /** One queue message: its id and body. */
    public record Message(String id, String body) {
    }

    /**
     * @param failedMessageIds the messages to report back as failed (for ReportBatchItemFailures)
     */
    public record Result(int messages, int events, int credited, List<String> failedMessageIds) {
    }

    public Result apply(List<Message> messages) {
        Map<String, List<RestoreEvent>> eventsByMessage = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Message message : messages) {
            try {
                eventsByMessage.put(message.id(), envelopes.parse(message.body()));
            } catch (MalformedEventException e) {
                LOG.error("message {} is not a restore event and will go to the dead-letter queue after its "
                        + "retries: {}", message.id(), e.getMessage());
                failed.add(message.id());
            }
        }
        List<RestoreEvent> all = eventsByMessage.values().stream().flatMap(List::stream).toList();
        int credited;
        try {
            credited = recordRestoreEvents.apply(all).credited();
        } catch (RuntimeException batchFailure) {
            LOG.warn("applying {} events from {} messages together failed; applying each message alone",
                    all.size(), eventsByMessage.size(), batchFailure);
            credited = 0;
            for (Map.Entry<String, List<RestoreEvent>> message : eventsByMessage.entrySet()) {
                try {
                    credited += recordRestoreEvents.apply(message.getValue()).credited();
                } catch (RuntimeException e) {
                    LOG.error("message {} could not be applied; SQS will redeliver it", message.getKey(), e);
                    failed.add(message.getKey());
                }
            }
        }
        return new Result(messages.size(), all.size(), credited, List.copyOf(failed));
    }
}
