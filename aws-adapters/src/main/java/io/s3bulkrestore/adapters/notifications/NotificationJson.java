package io.s3bulkrestore.adapters.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3bulkrestore.monitor.JobNotification;

import java.util.Objects;

/**
 * A job notification's JSON body, the contract every channel carries (README "Notifications"): the seed fields
 * ({@code JobId}, {@code BatchJobId}, {@code Status}, {@code ProgressPercent}, {@code FailedBatchFiles}, as strings)
 * and the rest; fields without a value are left out.
 */
public final class NotificationJson {

    private final ObjectMapper json;

    public NotificationJson(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    public String body(JobNotification n) {
        ObjectNode body = json.createObjectNode();
        body.put("JobId", n.jobId());
        body.put("BatchJobId", n.batchJobId());
        body.put("Status", n.status().displayName());
        body.put("ProgressPercent", Integer.toString(n.progressPercent()));
        body.put("FailedBatchFiles", Long.toString(n.failedObjects()));
        n.clientTag().ifPresent(tag -> body.put("ClientTag", tag));
        n.totalObjects().ifPresent(total -> body.put("TotalObjects", total));
        body.put("RestoredObjects", n.restoredObjects());
        body.put("FailedObjects", n.failedObjects());
        body.put("SkippedObjects", n.skippedObjects());
        n.copies().ifPresent(copies -> {
            body.put("CopiedObjects", copies.copied());
            body.put("CopyFailedObjects", copies.failed());
        });
        n.pendingObjects().ifPresent(pending -> body.put("PendingObjects", pending));
        body.put("Tier", n.tier());
        n.reportUri().ifPresent(uri -> body.put("ReportUri", uri));
        body.put("Timestamp", n.timestamp().toString());
        body.put("NotificationId", n.notificationId());
        n.reason().ifPresent(reason -> body.put("Reason", reason));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification body", e);
        }
    }
}
