package io.s3bulkrestore.adapters.eventbridge;

import io.s3bulkrestore.adapters.notifications.NotificationJson;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Puts every job notification on the account's default event bus as a {@value #DETAIL_TYPE} event from source
 * {@value #SOURCE}, its detail the notification's JSON body (the same fields as the SNS message), so users can route
 * jobs with EventBridge rules. PutEvents reports a refused entry in its answer, not as an error
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html: FailedEntryCount, and each entry's ErrorCode): that is a failure too, and the
 * monitor publishes the notification again next tick (at least once, like SNS).
 */
public final class EventBridgeNotifier implements Notifier {

    public static final String SOURCE = "s3-bulk-restore";
    public static final String DETAIL_TYPE = "Bulk Restore Job State Change";

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeNotifier.class);

    private final Supplier<EventBridgeClient> client;
    private final NotificationJson json;
    private EventBridgeClient events;

    /**
     * @param client builds the client when the first notification is put: most monitor ticks publish nothing, so a
     *               cold start does not pay for it
     */
    public EventBridgeNotifier(Supplier<EventBridgeClient> client, NotificationJson json) {
        this.client = Objects.requireNonNull(client, "client");
        this.json = Objects.requireNonNull(json, "json");
    }

    private synchronized EventBridgeClient events() {
        if (events == null) {
            events = client.get();
        }
        return events;
    }

    @Override
    public void publish(JobNotification notification) {
        PutEventsResponse response;
        try {
            response = events().putEvents(b -> b.entries(e -> e.source(SOURCE).detailType(DETAIL_TYPE)
                    .detail(json.body(notification))));
        } catch (SdkException e) {
            LOG.warn("Putting {} on the default event bus failed: {}", notification.notificationId(), e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "putting the notification event failed");
        }
        PutEventsResultEntry entry = response.entries().isEmpty() ? null : response.entries().getFirst();
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0 || entry == null
                || entry.errorCode() != null) {
            String why = entry == null ? "no result entry" : entry.errorCode() + ": " + entry.errorMessage();
            LOG.warn("EventBridge refused {}: {}", notification.notificationId(), why);
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "EventBridge refused the notification event");
        }
        LOG.info("Put {} on the default event bus as event {}", notification.notificationId(), entry.eventId());
    }
}
