package io.s3bulkrestore.fakes;

import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.Notifier;

import java.util.ArrayList;
import java.util.List;

/** Keeps what was published, in order. */
public final class RecordingNotifier implements Notifier {

    private final List<JobNotification> published = new ArrayList<>();

    @Override
    public synchronized void publish(JobNotification notification) {
        published.add(notification);
    }

    public synchronized List<JobNotification> published() {
        return List.copyOf(published);
    }

    public synchronized List<String> statuses() {
        return published.stream().map(n -> n.status().displayName()).toList();
    }
}
