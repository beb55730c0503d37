package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.tally.TallyStore;
import io.s3bulkrestore.tally.CountDelta;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.s3bulkrestore.adapters.dynamodb.TableDesign.TTL;
import static io.s3bulkrestore.adapters.dynamodb.TallyItem.COPIED;
import static io.s3bulkrestore.adapters.dynamodb.TallyItem.COPY_FAILED;
import static io.s3bulkrestore.adapters.dynamodb.TallyItem.FAILED;
import static io.s3bulkrestore.adapters.dynamodb.TallyItem.LAST_SEQUENCE;
import static io.s3bulkrestore.adapters.dynamodb.TallyItem.REGISTERED;
import static io.s3bulkrestore.adapters.dynamodb.TallyItem.RESTORED;
import static io.s3bulkrestore.adapters.dynamodb.TallyItem.SKIPPED;
import static io.s3bulkrestore.adapters.dynamodb.TallyItem.padded;

/**
 * A job's counters per stream shard in the JobsTable ({@link TallyItem}): one UpdateItem
 * that ADDs a batch's deltas and sets the shard's last sequence number, on condition that they come after the last
 * one added. The condition and the ADD are one atomic write, so a retried, bisected or duplicated batch is added
 * once (DESIGN §3). Sequence numbers are compared as zero-padded strings: they can be longer than a
 * DynamoDB number's 38 digits.
 */
public final class DynamoDbTallyStore implements TallyStore {

    private static final int MAX_ATTEMPTS = 5;

    private final DynamoDbClient dynamoDb;
    private final String jobsTable;
    private final Clock clock;
    private final Duration keep;

    /**
     * @param keep how long a counter item is kept after its last write (its TTL): longer than any job runs after its
     *             last change, as the job's counts are frozen when it finishes
     */
    public DynamoDbTallyStore(DynamoDbClient dynamoDb, String jobsTable, Clock clock, Duration keep) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.jobsTable = Objects.requireNonNull(jobsTable, "jobsTable");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keep = Objects.requireNonNull(keep, "keep");
    }

    /**
     * {@inheritDoc}
     *
     * <p>First one UpdateItem of all the deltas, on condition that the shard's last added sequence number is before
     * the first delta's. If it is not, the failed condition hands back that number, and the deltas after it (if
     * any) are added on condition that it is still the last.
     */
    @Override
    public int add(JobId job, String shard, List<SequencedDelta> deltas) {
        if (deltas.isEmpty()) {
            return 0;
        }
        Optional<String> lastAdded = Optional.empty();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<String> after = lastAdded;
            List<SequencedDelta> fresh = deltas.stream().filter(d -> after.isEmpty()
                    || TallyStore.compareSequences(d.sequenceNumber(), after.get()) > 0).toList();
            if (fresh.isEmpty()) {
                return 0;
            }
            try {
                write(job, shard, fresh, after);
                return fresh.size();
            } catch (ConditionalCheckFailedException moved) {
                Map<String, AttributeValue> item = moved.item();
                if (item == null || !item.containsKey(LAST_SEQUENCE)) {
                    throw new IllegalStateException("the tally of " + job + " in " + shard + " changed its condition"
                            + " without a last sequence number");
                }
                lastAdded = Optional.of(item.get(LAST_SEQUENCE).s());
            } catch (SdkException e) {
                throw DynamoDbFailures.upstream("UpdateItem (tally)", e);
            }
        }
        throw new IllegalStateException("the tally of " + job + " in " + shard + " kept moving under this batch");
    }

    private void write(JobId job, String shard, List<SequencedDelta> fresh, Optional<String> after) {
        CountDelta sum = fresh.stream().map(SequencedDelta::delta).reduce(CountDelta.ZERO, CountDelta::plus);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":reg", n(sum.registered()), ":res", n(sum.restored()), ":fail", n(sum.failed()),
                ":skip", n(sum.skipped()), ":last", AttributeValue.fromS(padded(fresh.getLast().sequenceNumber())),
                ":ttl", n(clock.instant().plus(keep).getEpochSecond())));
        String condition;
        if (after.isEmpty()) {
            condition = "attribute_not_exists(#seq) OR #seq < :first";
            values.put(":first", AttributeValue.fromS(padded(fresh.getFirst().sequenceNumber())));
        } else {
            condition = "#seq = :after";
            values.put(":after", AttributeValue.fromS(after.get()));
        }
        Map<String, String> names = new HashMap<>(Map.of("#reg", REGISTERED, "#res", RESTORED, "#fail", FAILED,
                "#skip", SKIPPED, "#seq", LAST_SEQUENCE, "#ttl", TTL));
        String add = "ADD #reg :reg, #res :res, #fail :fail, #skip :skip";
        if (sum.movesCopies()) { // only jobs that copy have copy counters
            add += ", #copied :copied, #copyFailed :copyFailed";
            names.put("#copied", COPIED);
            names.put("#copyFailed", COPY_FAILED);
            values.put(":copied", n(sum.copied()));
            values.put(":copyFailed", n(sum.copyFailed()));
        }
        String update = add + " SET #seq = :last, #ttl = :ttl";
        dynamoDb.updateItem(b -> b.tableName(jobsTable)
                .key(TallyItem.key(job, shard))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
