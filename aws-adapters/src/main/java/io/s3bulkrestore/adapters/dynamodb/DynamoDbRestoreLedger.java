package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.RetryBackoff;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.CopyResult;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.ObjectRecord;
import io.s3bulkrestore.tracking.Registration;
import io.s3bulkrestore.tracking.RestoreFact;
import io.s3bulkrestore.tracking.RestoreLedger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import static io.s3bulkrestore.adapters.dynamodb.ObjectItems.RESTORED_AT;
import static io.s3bulkrestore.adapters.dynamodb.ObjectItems.RESTORE_EXPIRES_AT;
import static io.s3bulkrestore.adapters.dynamodb.ObjectItems.SOURCE_CLASS;
import static io.s3bulkrestore.adapters.dynamodb.ObjectItems.key;
import static io.s3bulkrestore.adapters.dynamodb.TableDesign.PK;
import static io.s3bulkrestore.adapters.dynamodb.TableDesign.TTL;


/**
 * The restore ledger on DynamoDB (DESIGN §3): one ObjectsTable item per object version ({@link ObjectItems}), and
 * the chunk summaries in the JobsTable ({@link ChunkSummaryItem}). Every write on the hot path is one UpdateItem on
 * one item, whose condition makes it idempotent; DynamoDB serialises the writes to one item, so registration and a restore need no
 * handshake, no read-after-write and no transaction (DynamoDB Developer Guide, "Condition expressions" and
 * "Working with items": each UpdateItem is atomic on its item). An item that a write does not change gets no
 * stream record, so replays cost a write unit but move no count.
 *
 * <p>TTL is set when an item is written, never swept: registration keeps the item until the job's deadline plus
 * the retention, raising the TTL only if that is later; a restore on an item no job has listed yet keeps it until
 * the restore's copy expires (at least {@link #UNLISTED_RESTORE_KEPT}).
 *
 * <p>About 300 lines: one port of seven methods, six of them writes that each carry the condition that makes them
 * exact; the items' layout is in {@link ObjectItems} and {@link ChunkSummaryItem}.
 */
public final class DynamoDbRestoreLedger implements RestoreLedger {

    private static final int MAX_KEYS_PER_BATCH_GET = 100;
    /**
     * How long at least a restore is kept on an item no job lists yet: its event may come before the registration
     * of a job created before it, which then counts it.
     */
    static final java.time.Duration UNLISTED_RESTORE_KEPT = java.time.Duration.ofDays(2);
    /** Unprocessed keys are asked for again after 20 ms, doubling up to 1 s. */
    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMillis(20), Duration.ofSeconds(1));

    private final DynamoDbClient dynamoDb;
    private final String objectsTable;
    private final String jobsTable;

    public DynamoDbRestoreLedger(DynamoDbClient dynamoDb, String objectsTable, String jobsTable) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.objectsTable = Objects.requireNonNull(objectsTable, "objectsTable");
        this.jobsTable = Objects.requireNonNull(jobsTable, "jobsTable");
    }

    // ---- restores ----

    @Override
    public void recordRestores(Map<ObjectId, RestoreFact> restores) {
        restores.forEach(this::recordRestore);
    }

    /** One conditional update: the restore is kept only if it is later than the one the item holds. */
    private void recordRestore(ObjectId object, RestoreFact fact) {
        Map<String, String> names = new HashMap<>(Map.of("#at", RESTORED_AT, "#exp", RESTORE_EXPIRES_AT,
                "#class", SOURCE_CLASS, "#ttl", TTL));
        Instant keep = fact.readableUntil().isAfter(fact.restoredAt().plus(UNLISTED_RESTORE_KEPT))
                ? fact.readableUntil() : fact.restoredAt().plus(UNLISTED_RESTORE_KEPT);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":at", ObjectItems.millis(fact.restoredAt()),
                ":keep", epochSeconds(keep)));
        List<String> set = new ArrayList<>(List.of("#at = :at", "#ttl = if_not_exists(#ttl, :keep)"));
        List<String> remove = new ArrayList<>();
        fact.expiresAt().ifPresentOrElse(expiry -> {
            set.add("#exp = :exp");
            values.put(":exp", ObjectItems.millis(expiry));
        }, () -> remove.add("#exp"));
        fact.storageClass().ifPresentOrElse(storageClass -> {
            set.add("#class = :class");
            values.put(":class", AttributeValue.fromS(storageClass));
        }, () -> remove.add("#class"));
        String update = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        call("UpdateItem (restore)", () -> {
            try {
                dynamoDb.updateItem(b -> b.tableName(objectsTable).key(key(object))
                        .updateExpression(update)
                        .conditionExpression("attribute_not_exists(#at) OR #at < :at")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values));
            } catch (ConditionalCheckFailedException laterRestoreKnown) {
                // the item holds this restore or a later one: nothing to change
            }
            return null;
        });
    }

    // ---- records ----

    @Override
    public Map<ObjectId, ObjectRecord> records(Collection<ObjectId> objects) {
        List<ObjectId> distinct = List.copyOf(new LinkedHashSet<>(objects));
        Map<ObjectId, ObjectRecord> found = new LinkedHashMap<>();
        for (int from = 0; from < distinct.size(); from += MAX_KEYS_PER_BATCH_GET) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (ObjectId object : distinct.subList(from, Math.min(distinct.size(), from + MAX_KEYS_PER_BATCH_GET))) {
                keys.add(key(object));
            }
            Map<String, KeysAndAttributes> request = Map.of(objectsTable,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> next = request;
                BatchGetItemResponse response = call("BatchGetItem (object records)",
                        () -> dynamoDb.batchGetItem(b -> b.requestItems(next)));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(objectsTable, List.of())) {
                    ObjectRecord record = ObjectItems.record(item);
                    found.put(record.object(), record);
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    backoff(attempt, "BatchGetItem (object records)");
                }
            }
        }
        Map<ObjectId, ObjectRecord> inOrder = new LinkedHashMap<>();
        distinct.forEach(object -> Optional.ofNullable(found.get(object)).ifPresent(r -> inOrder.put(object, r)));
        return inOrder;
    }

    // ---- memberships ----

    @Override
    public List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt,
                                       Instant keepUntil) {
        List<Registration> registrations = new ArrayList<>(claims.size());
        for (MembershipClaim claim : claims) {
            Membership created = Membership.pending(claim.object(), job, claim.origin(), claim.jobCreatedAt(),
                    registeredAt, claim.copies());
            registrations.add(register(claim, created, keepUntil));
        }
        return registrations;
    }

    /**
     * Adds the membership unless the item has one for the job, and raises the item's TTL to {@code keepUntil}: one
     * UpdateItem. A TTL equal to {@code keepUntil} passes the condition (setting it again changes nothing), so jobs
     * that share a deadline, and replays, take one write. When the item is kept longer already (a later job, or a
     * restore whose copy outlives it) the condition fails and hands back the item: if the membership is there,
     * nothing more is needed; if not, it is added with a second write that leaves the TTL alone.
     */
    private Registration register(MembershipClaim claim, Membership created, Instant keepUntil) {
        String attribute = ObjectItems.membershipAttribute(created.job());
        Map<String, String> names = Map.of("#job", attribute, "#ttl", TTL);
        Map<String, AttributeValue> values = Map.of(":m", ObjectItems.membership(created),
                ":keep", epochSeconds(keepUntil));
        // The item as it was before this claim: whether it held the membership says whether this claim created it.
        Map<String, AttributeValue> before = call("UpdateItem (register)", () -> {
            try {
                return dynamoDb.updateItem(b -> b.tableName(objectsTable).key(key(claim.object()))
                        .updateExpression("SET #job = if_not_exists(#job, :m), #ttl = :keep")
                        .conditionExpression("attribute_not_exists(#ttl) OR #ttl <= :keep")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_OLD)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            } catch (ConditionalCheckFailedException keptLonger) {
                Map<String, AttributeValue> item = keptLonger.item();
                if (item != null && item.containsKey(attribute)) {
                    return item;
                }
                return dynamoDb.updateItem(b -> b.tableName(objectsTable).key(key(claim.object()))
                        .updateExpression("SET #job = if_not_exists(#job, :m)")
                        .expressionAttributeNames(Map.of("#job", attribute))
                        .expressionAttributeValues(Map.of(":m", values.get(":m")))
                        .returnValues(ReturnValue.ALL_OLD)).attributes();
            }
        });
        Optional<Membership> existing = before == null || !before.containsKey(attribute) ? Optional.empty()
                : ObjectItems.record(before).membership(created.job());
        // as stored: instants in millis, so the registration equals what records() reads back
        Membership stored = existing.orElseGet(() -> Membership.pending(created.object(), created.job(),
                created.origin(), created.jobCreatedAt().map(at -> at.truncatedTo(ChronoUnit.MILLIS)),
                created.registeredAt().truncatedTo(ChronoUnit.MILLIS), created.copies()));
        return new Registration(claim, stored, existing.isEmpty());
    }

    @Override
    public int markFailed(JobId job, Collection<ObjectId> objects, String errorCode) {
        return settle(job, objects, ObjectItems.FAILED, errorCode);
    }

    @Override
    public int markSkipped(JobId job, Collection<ObjectId> objects, String code) {
        return settle(job, objects, ObjectItems.SKIPPED, code);
    }

    /** Settles each pending membership with one conditional UpdateItem of its nested attributes. */
    private int settle(JobId job, Collection<ObjectId> objects, String settlement, String code) {
        int settled = 0;
        Map<String, String> names = Map.of("#job", ObjectItems.membershipAttribute(job), "#s", ObjectItems.SETTLED,
                "#e", ObjectItems.CODE);
        Map<String, AttributeValue> values = Map.of(":s", AttributeValue.fromS(settlement), ":e",
                AttributeValue.fromS(code));
        for (ObjectId object : new LinkedHashSet<>(objects)) {
            settled += call("UpdateItem (settle)", () -> {
                try {
                    dynamoDb.updateItem(b -> b.tableName(objectsTable).key(key(object))
                            .updateExpression("SET #job.#s = :s, #job.#e = :e")
                            .conditionExpression("attribute_exists(#job) AND attribute_not_exists(#job.#s)")
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(values)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE));
                    return 1;
                } catch (ConditionalCheckFailedException notPending) {
                    return 0; // not a member, or settled before
                }
            });
        }
        return settled;
    }

    // ---- copies ----

    /**
     * One conditional UpdateItem of the membership's nested attributes: only on a member of a job that copies, and
     * only if no result is there, so the first result stands and the stream shows the change once.
     */
    @Override
    public boolean recordCopy(JobId job, ObjectId object, CopyResult result) {
        Map<String, String> names = new HashMap<>(Map.of("#job", ObjectItems.membershipAttribute(job),
                "#k", ObjectItems.COPIES, "#y", ObjectItems.COPY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":y",
                AttributeValue.fromS(ObjectItems.copyLetter(result)), ":true", AttributeValue.fromBool(true)));
        String update = "SET #job.#y = :y";
        if (result.code().isPresent()) {
            names.put("#z", ObjectItems.COPY_CODE);
            values.put(":z", AttributeValue.fromS(result.code().get()));
            update += ", #job.#z = :z";
        }
        String expression = update;
        return call("UpdateItem (copy)", () -> {
            try {
                dynamoDb.updateItem(b -> b.tableName(objectsTable).key(key(object))
                        .updateExpression(expression)
                        .conditionExpression("#job.#k = :true AND attribute_not_exists(#job.#y)")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE));
                return true;
            } catch (ConditionalCheckFailedException recordedBefore) {
                return false; // not a member of a job that copies, or its result is recorded already
            }
        });
    }

    // ---- chunk summaries ----

    @Override
    public boolean recordChunkSummary(JobId job, ChunkSummary summary, Instant keepUntil) {
        Map<String, AttributeValue> item = ChunkSummaryItem.toItem(job, summary, keepUntil);
        return call("PutItem (chunk summary)", () -> {
            try {
                dynamoDb.putItem(b -> b.tableName(jobsTable).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK)));
                return true;
            } catch (ConditionalCheckFailedException alreadyRecorded) {
                return false;
            }
        });
    }

    private static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }

    // ---- failures ----

    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream(what, e);
        }
    }

    private void backoff(int attempt, String what) {
        try {
            BACKOFF.sleepBefore(attempt + 1, what);
        } catch (IllegalStateException interrupted) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, what + " was interrupted");
        }
    }
}
