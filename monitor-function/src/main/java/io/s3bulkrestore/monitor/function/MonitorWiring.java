package io.s3bulkrestore.monitor.function;

import io.s3bulkrestore.adapters.s3.S3CompletionReports;
import io.s3bulkrestore.adapters.s3.S3FollowUpManifests;
import io.s3bulkrestore.adapters.s3.S3ObjectArchiveStates;
import io.s3bulkrestore.adapters.s3.S3ObjectSizes;
import io.s3bulkrestore.adapters.s3.S3RestoreStatusChecker;
import io.s3bulkrestore.adapters.s3.S3ResultsReports;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.monitor.FollowUpRestores;
import io.s3bulkrestore.ports.ObjectArchiveStates;
import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.jobs.QuoteCalculator;
import io.s3bulkrestore.jobs.SourceJobs;
import io.s3bulkrestore.monitor.AwaitConfirmation;
import io.s3bulkrestore.restore.RetrievalPrices;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbMonitoredJobStore;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.eventbridge.EventBridgeNotifier;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.adapters.notifications.NotificationJson;
import io.s3bulkrestore.adapters.s3.S3ManifestStore;
import io.s3bulkrestore.adapters.sns.SnsChatNotifier;
import io.s3bulkrestore.adapters.sns.SnsNotifier;
import io.s3bulkrestore.adapters.sqs.SqsIngestQueue;
import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.monitor.Notifier;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the monitor's object graph from its environment: clients once, at init.
 *
 * @param metrics what the monitor counts (MonitorMetrics), written at the end of each tick
 */
public record MonitorWiring(MonitorJobs monitor, EmfMetrics metrics) {

    public static MonitorWiring fromEnvironment(Map<String, String> env) {
        var config = MonitorFunctionConfig.fromEnv(env);
        var clients = AwsClients.fromEnvironment(env);
        // The role is needed when the monitor finishes a submission a crash left half done.
        var settings = new BatchOperationsSettings(config.accountId(), config.batchRoleArn(), config.reportBucket());
        return from(config, clients.dynamoDb(), clients.s3(), clients.sns(), clients.sqs(),
                Optional.of(clients::eventBridge), new S3ControlBatchOperations(clients.s3Control(), settings),
                Clock.systemUTC(), EmfMetrics.fromEnvironment(env));
    }

    public static MonitorWiring from(MonitorFunctionConfig config, AwsClients clients, BatchOperations batch,
                                     Clock clock) {
        return from(config, clients.dynamoDb(), clients.s3(), clients.sns(), clients.sqs(),
                Optional.of(clients::eventBridge), batch, clock, EmfMetrics.nowhere());
    }

    /**
     * With the clients given, e.g. clients that count their requests: notifications go to SNS only (no EventBridge
     * client), metrics nowhere.
     */
    public static MonitorWiring from(MonitorFunctionConfig config, DynamoDbClient dynamoDb, S3Client s3, SnsClient sns,
                                     SqsClient sqs, BatchOperations batch, Clock clock) {
        return from(config, dynamoDb, s3, sns, sqs, Optional.empty(), batch, clock,
                EmfMetrics.nowhere());
    }

    /**
     * @param events the client job notifications are also put as events with, built when the first one is; empty:
     *               SNS only
     */
    public static MonitorWiring from(MonitorFunctionConfig config, DynamoDbClient dynamoDb, S3Client s3, SnsClient sns,
                                     SqsClient sqs, Optional<Supplier<EventBridgeClient>> events, BatchOperations batch,
                                     Clock clock, EmfMetrics metrics) {
        return from(config, dynamoDb, s3, sns, sqs, events, batch, new S3ObjectArchiveStates(s3), clock, metrics);
    }

    /**
     * @param archiveStates how the classes of objects whose restore failed are asked for (HeadObject; the sandbox adds
     *                      the Intelligent-Tiering tiers moto does not model)
     */
    public static MonitorWiring from(MonitorFunctionConfig config, DynamoDbClient dynamoDb, S3Client s3, SnsClient sns,
                                     SqsClient sqs, Optional<Supplier<EventBridgeClient>> events, BatchOperations batch,
                                     ObjectArchiveStates archiveStates, Clock clock, EmfMetrics metrics) {
        var json = new ObjectMapper();
        var jobs = new DynamoDbMonitoredJobStore(dynamoDb, config.jobsTable());
        var ledger = new DynamoDbRestoreLedger(dynamoDb, config.objectsTable(), config.jobsTable());
        var settings = new MonitorJobs.Settings(config.progressStepPercent(), config.stallMinutes(),
                config.reconcilePageSize(), config.retentionDays(), config.maxJobsPerTick());
        // SNS first (the notification contract), then the same body as an EventBridge event; a failure of either
        // fails the publish, and the monitor sends the notification again (both channels are at least once).
        // The chat topic, when configured, last: in Amazon Q Developer's custom notification format.
        List<Notifier> channels = new ArrayList<>();
        channels.add(new SnsNotifier(sns, config.topicArn(), json));
        events.ifPresent(client -> channels.add(new EventBridgeNotifier(client, new NotificationJson(json))));
        config.chatTopicArn().ifPresent(chat -> channels.add(new SnsChatNotifier(sns, chat, json)));
        Notifier notifier = notification -> channels.forEach(channel -> channel.publish(notification));
        var manifests = new S3ManifestStore(s3);
        var ingestQueue = new SqsIngestQueue(sqs, config.ingestQueueUrl());
        var submitJob = new SubmitJob(jobs, manifests, batch, ingestQueue, config.chunkBytes());
        // Jobs that wait for confirmation: counted by Batch Operations, quoted, then started once confirmed. Only the
        // deadline factor of the policy applies here (the API checked the bucket when it accepted the job).
        var grouped = new GroupedBatchOperations(batch);
        var sourceJobs = new SourceJobs(jobs, grouped, manifests, ingestQueue,
                new JobPolicy(Set.of(), config.deadlineFactor()), clock, config.chunkBytes());
        var awaiting = new AwaitConfirmation(jobs, grouped, sourceJobs, manifests, new S3ObjectSizes(s3),
                archiveStates, new QuoteCalculator(RetrievalPrices.documented()), clock, settings.submitGrace(),
                Duration.ofDays(config.quoteExpiryDays()), AwaitConfirmation.DEFAULT_SIZE_SAMPLE);
        // Manifest jobs mixing classes: the failed tasks of the first batch job that leave the class open are asked
        // about, and the Intelligent-Tiering archive objects are restored by a follow-up batch job (no days).
        var followUps = new FollowUpRestores(jobs, grouped, archiveStates, new S3FollowUpManifests(s3,
                config.reportBucket(), BatchOperationsSettings.DEFAULT_REPORT_PREFIX));
        return new MonitorWiring(new MonitorJobs(jobs, ledger, batch, new S3CompletionReports(s3, json),
                MonitorMetrics.countingChecks(new S3RestoreStatusChecker(s3), metrics),
                new S3ResultsReports(s3, config.reportBucket()),
                MonitorMetrics.countingNotifications(notifier, metrics), submitJob, awaiting, followUps, clock,
                settings), metrics);
    }
}
