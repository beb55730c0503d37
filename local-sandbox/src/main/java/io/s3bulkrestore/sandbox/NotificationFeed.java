package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.AwsClients;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber of the notification topic, as a user would subscribe: an SQS queue subscribed to the topic,
 * read back message by message. Each SNS envelope's {@code Message} is one of our notifications.
 */
public final class NotificationFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients clients;
    private final String queueUrl;
    private final String subscriptionArn;
    private final BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    private final List<Notification> all = Collections.synchronizedList(new ArrayList<>());
    private final Thread poller;
    private volatile boolean running = true;

    /** One notification as the topic delivered it: the body's fields and the message attributes. */
    public record Notification(JsonNode body, Map<String, String> attributes) {

        public String field(String name) {
            JsonNode value = body.get(name);
            return value == null || value.isNull() ? null : value.asText();
        }

        public String status() {
            return field("Status");
        }

        public String jobId() {
            return field("JobId");
        }

        public boolean isTerminal() {
            return !"Restoring".equals(status());
        }
    }

    private NotificationFeed(AwsClients clients, String queueUrl, String subscriptionArn) {
        this.clients = clients;
        this.queueUrl = queueUrl;
        this.subscriptionArn = subscriptionArn;
        this.poller = new Thread(this::poll, "notification-feed");
        this.poller.setDaemon(true);
    }

    public static NotificationFeed subscribe(AwsClients clients, String topicArn) {
        String name = "sandbox-subscriber-" + UUID.randomUUID().toString().substring(0, 8);
        String url = clients.sqs().createQueue(b -> b.queueName(name)).queueUrl();
        String arn = clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String subscription = clients.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn)).subscriptionArn();
        NotificationFeed feed = new NotificationFeed(clients, url, subscription);
        feed.poller.start();
        return feed;
    }

    /** The next notification, or empty if none arrives within {@code timeout}. */
    public Optional<Notification> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Every notification received so far, in arrival order. */
    public List<Notification> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    private void poll() {
        while (running) {
            try {
                List<Message> messages = clients.sqs().receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                for (Message message : messages) {
                    Notification notification = parse(message.body());
                    all.add(notification);
                    received.add(notification);
                    clients.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            } catch (RuntimeException e) {
                if (running) {
                    sleepQuietly();
                }
            }
        }
    }

    static Notification parse(String snsEnvelope) {
        try {
            JsonNode envelope = JSON.readTree(snsEnvelope);
            JsonNode body = JSON.readTree(envelope.path("Message").asText());
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            envelope.path("MessageAttributes").fields()
                    .forEachRemaining(entry -> attributes.put(entry.getKey(), entry.getValue().path("Value").asText()));
            return new Notification(body, attributes);
        } catch (IOException e) {
            throw new UncheckedIOException("not an SNS notification: " + snsEnvelope, e);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        try {
            poller.join(3000);
            clients.sns().unsubscribe(b -> b.subscriptionArn(subscriptionArn));
            clients.sqs().deleteQueue(b -> b.queueUrl(queueUrl));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException alreadyGone) {
            // the sandbox is stopping too
        }
    }
}
