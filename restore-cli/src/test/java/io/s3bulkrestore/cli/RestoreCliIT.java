package io.s3bulkrestore.cli;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.emulators.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The restore and status commands against moto, one row of the decision table per test. */
class RestoreCliIT {

    private static MotoServer moto;
    private static AwsClients clients;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        moto = MotoServer.start();
        clients = EmulatorClients.of(moto);
        s3 = clients.s3();
    }

    @AfterAll
    static void stop() {
        clients.close();
        moto.close();
    }

    @BeforeEach
    void givenABucket() {
        moto.reset();
        s3.createBucket(b -> b.bucket("data-1"));
    }

    private void put(String key, StorageClass storageClass) {
        s3.putObject(b -> b.bucket("data-1").key(key).storageClass(storageClass), RequestBody.fromString("x".repeat(100)));
    }

    private CliRun cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--endpoint-url";
        all[args.length + 1] = moto.endpoint().toString();
        return CliRun.run(o -> AwsClients.forCli("us-east-1", o.profile(), o.endpoint(), Map.of()).s3(), all);
    }

    private String restoreHeader(String key) {
        return s3.headObject(b -> b.bucket("data-1").key(key)).restore();
    }

    @Test
    void shouldRestoreGlacierWithDays() {
        put("g", StorageClass.GLACIER);

        CliRun run = cli("restore", "--bucket", "data-1", "--key", "g", "--days", "2");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("RESTORE_STARTED", "2 days");
        assertThat(restoreHeader("g")).contains("ongoing-request=\"false\"", "expiry-date");
    }

    @Test
    void shouldRestoreDeepArchiveWithBulk() {
        put("d", StorageClass.DEEP_ARCHIVE);

        CliRun run = cli("restore", "--bucket", "data-1", "--key", "d", "--tier", "BULK", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"RESTORE_STARTED\" : 1");
        assertThat(restoreHeader("d")).isNotNull();
    }

    @Test
    void shouldRefuseExpeditedOnDeepArchiveWithoutSendingARestore() {
        put("d", StorageClass.DEEP_ARCHIVE);

        CliRun run = cli("restore", "--bucket", "data-1", "--key", "d", "--tier", "EXPEDITED");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("REFUSED", "Expedited retrieval is not available");
        assertThat(restoreHeader("d")).isNull();
    }

    @Test
    void shouldReportAnExistingCopyWithItsExpiryAndRestoreAgainOnlyWithExtend() {
        put("g", StorageClass.GLACIER);
        cli("restore", "--bucket", "data-1", "--key", "g", "--days", "1");
        String first = restoreHeader("g");

        CliRun again = cli("restore", "--bucket", "data-1", "--key", "g", "--days", "5");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("ALREADY_RESTORED", "until", "--extend");
        assertThat(restoreHeader("g")).isEqualTo(first);

        CliRun extended = cli("restore", "--bucket", "data-1", "--key", "g", "--days", "5", "--extend");
        assertThat(extended.exitCode()).isZero();
        assertThat(extended.out()).contains("EXPIRY_EXTENDED");
        assertThat(restoreHeader("g")).isNotEqualTo(first);
    }

    @Test
    void shouldLeaveObjectsThatAreNotArchived() {
        put("s", StorageClass.STANDARD);
        // moto has no Intelligent-Tiering archive tiers: its IT objects are always in a frequent tier
        put("it", StorageClass.INTELLIGENT_TIERING);

        assertThat(cli("restore", "--bucket", "data-1", "--key", "s").out()).contains("NOT_ARCHIVED");
        CliRun it = cli("restore", "--bucket", "data-1", "--key", "it");
        assertThat(it.exitCode()).isZero();
        assertThat(it.out()).contains("NOT_ARCHIVED");
    }

    @Test
    void shouldFailForAMissingObject() {
        CliRun run = cli("restore", "--bucket", "data-1", "--key", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED", "no such object");
    }

    @Test
    void shouldRestoreTheNamedVersionInAVersionedBucket() {
        s3.putBucketVersioning(b -> b.bucket("data-1").versioningConfiguration(v -> v.status("Enabled")));
        put("v", StorageClass.STANDARD);
        String archived = s3.putObject(b -> b.bucket("data-1").key("v").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("old")).versionId();

        CliRun run = cli("restore", "--bucket", "data-1", "--key", "v", "--version-id", archived, "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"versionId\" : \"" + archived + "\"", "\"RESTORE_STARTED\" : 1");
        assertThat(s3.headObject(b -> b.bucket("data-1").key("v").versionId(archived)).restore()).contains("expiry-date");
    }

    @Test
    void shouldPriceADryRunAndChangeNothing() {
        put("a/1", StorageClass.GLACIER);
        put("a/2", StorageClass.DEEP_ARCHIVE);
        put("a/3", StorageClass.STANDARD);

        CliRun run = cli("restore", "--bucket", "data-1", "--prefix", "a/", "--dry-run", "--sns-arn",
                "arn:aws:sns:us-east-1:123456789012:t");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("2 objects would be restored", "DEEP_ARCHIVE", "GLACIER", "estimated cost", "us-east-1");
        assertThat(restoreHeader("a/1")).isNull();
        assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket("data-1")).topicConfigurations()).isEmpty();
    }

    @Test
    void shouldAddTheTopicAndKeepEveryOtherConfiguration() {
        // Given a bucket with a topic, a filtered queue and a Lambda configuration
        String topic = clients.sns().createTopic(b -> b.name("uploads")).topicArn();
        String mine = clients.sns().createTopic(b -> b.name("my-restores")).topicArn();
        String queueUrl = clients.sqs().createQueue(b -> b.queueName("removals")).queueUrl();
        String queue = "arn:aws:sqs:us-east-1:" + MotoServer.ACCOUNT_ID + ":removals";
        s3.putBucketNotificationConfiguration(b -> b.bucket("data-1").notificationConfiguration(n -> n
                .topicConfigurations(TopicConfiguration.builder().id("uploads").topicArn(topic)
                        .events(Event.S3_OBJECT_CREATED).build())
                .queueConfigurations(QueueConfiguration.builder().id("removals").queueArn(queue)
                        .events(Event.S3_OBJECT_REMOVED)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name("prefix").value("logs/"),
                                r -> r.name("suffix").value(".gz")))).build())
                .lambdaFunctionConfigurations(LambdaFunctionConfiguration.builder().id("thumbs")
                        .lambdaFunctionArn("arn:aws:lambda:us-east-1:123456789012:function:thumbs")
                        .events(Event.S3_OBJECT_CREATED_PUT).build())));
        var before = s3.getBucketNotificationConfiguration(b -> b.bucket("data-1"));
        put("g", StorageClass.GLACIER);

        CliRun run = cli("restore", "--bucket", "data-1", "--key", "g", "--sns-arn", mine);

        assertThat(run.exitCode()).isZero();
        var after = s3.getBucketNotificationConfiguration(b -> b.bucket("data-1"));
        assertThat(after.queueConfigurations()).isEqualTo(before.queueConfigurations());
        assertThat(after.lambdaFunctionConfigurations()).isEqualTo(before.lambdaFunctionConfigurations());
        assertThat(after.topicConfigurations()).hasSize(2).contains(before.topicConfigurations().get(0));
        assertThat(after.topicConfigurations().get(1).topicArn()).isEqualTo(mine);
        assertThat(after.topicConfigurations().get(1).eventsAsStrings())
                .containsExactly("s3:ObjectRestore:Post", "s3:ObjectRestore:Completed");
        assertThat(queueUrl).isNotBlank();

        // And a second run reuses it
        put("g2", StorageClass.GLACIER);
        CliRun second = cli("restore", "--bucket", "data-1", "--key", "g2", "--sns-arn", mine);
        assertThat(second.err()).contains("already sends restore events");
        assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket("data-1")).topicConfigurations()).hasSize(2);
    }

    @Test
    void shouldRefuseAnOverlapBeforeSendingAnyRestore() {
        String theirs = clients.sns().createTopic(b -> b.name("ops")).topicArn();
        String mine = clients.sns().createTopic(b -> b.name("my-restores")).topicArn();
        s3.putBucketNotificationConfiguration(b -> b.bucket("data-1").notificationConfiguration(n -> n
                .topicConfigurations(TopicConfiguration.builder().id("ops-restores").topicArn(theirs)
                        .eventsWithStrings("s3:ObjectRestore:*").build())));
        put("g", StorageClass.GLACIER);

        CliRun run = cli("restore", "--bucket", "data-1", "--key", "g", "--sns-arn", mine);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("ops-restores", theirs, "nothing was restored");
        assertThat(restoreHeader("g")).isNull();
        assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket("data-1")).topicConfigurations()).hasSize(1);
    }
}
