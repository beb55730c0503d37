package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.ObjectState;
import io.s3bulkrestore.tracking.Origin;
import io.s3bulkrestore.tracking.PendingPage;
import io.s3bulkrestore.tracking.Registration;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import static io.s3bulkrestore.adapters.dynamodb.TableDesign.*;

/**
 * The restore ledger in DynamoDB (DESIGN §3).
 *
 * <p>ObjectsTable: {@code pk=<canonical object id>, sk=STATE} holds the facts ({@code restoredAt},
 * {@code initiatedAt}, {@code expiredAt}); {@code sk=JOB#<jobId>} is a membership ({@code registeredAt},
 * {@code origin}, then {@code creditedAt} or {@code failedAt}+{@code errorCode}; {@code pendingJob} while
 * neither, which puts it in the PendingByJob index). JobsTable: {@code pk=JOB#<jobId>} with
 * {@code sk=COUNT#<n>} counter shards ({@code restored}, {@code failed}) and {@code sk=CHUNK#<n>} chunk
 * summaries ({@code objects}, {@code lines}, {@code invalidLines}, {@code invalidSamples}). Instants are epoch milliseconds.
 *
 * <p>Settling (credit / fail) is one TransactWriteItems per up to 99 memberships: a conditional update of
 * each membership plus one ADD of their number to one counter shard. If the transaction is cancelled,
 * the memberships whose condition failed (already settled, or not registered) are dropped and the rest
 * retried with the count recomputed; conflicts and throttling are retried with jittered backoff on
 * another shard. So a counter moves by exactly the number of memberships that changed state.
 */
public final class DynamoDbRestoreLedger implements RestoreLedger {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbRestoreLedger.class);

    /** TransactWriteItems takes 100 actions: 99 memberships and the counter shard. */
    static final int MAX_MEMBERSHIPS_PER_TRANSACTION = 99;
    private static final int MAX_KEYS_PER_BATCH_GET = 100;
    private static final int MAX_ATTEMPTS = 12;
    private static final long BASE_BACKOFF_MILLIS = 10;
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final int DEFAULT_COUNTER_SHARDS = 8;
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final Set<String> RETRYABLE_REASONS = Set.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded", "RequestLimitExceeded");

    private final DynamoDbClient dynamoDb;
    private final String objectsTable;
    private final String jobsTable;
    private final int counterShards;
    private final RandomGenerator random;

    public DynamoDbRestoreLedger(DynamoDbClient dynamoDb, String objectsTable, String jobsTable) {
        this(dynamoDb, objectsTable, jobsTable, DEFAULT_COUNTER_SHARDS, RandomGenerator.getDefault());
    }

    /**
     * @param counterShards how many {@code COUNT#<n>} items share a job's counter writes; the job store
     *                      must sum at least as many
     * @param random        picks shards and backoff jitter
     */
    public DynamoDbRestoreLedger(DynamoDbClient dynamoDb, String objectsTable, String jobsTable, int counterShards,
                                 RandomGenerator random) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.objectsTable = Objects.requireNonNull(objectsTable, "objectsTable");
        this.jobsTable = Objects.requireNonNull(jobsTable, "jobsTable");
        if (counterShards < 1) {
            throw new IllegalArgumentException("counterShards must be at least 1: " + counterShards);
        }
        this.counterShards = counterShards;
        this.random = Objects.requireNonNull(random, "random");
    }

    // ---- facts ----

    @Override
    public void recordFacts(Collection<RestoreEvent> events) {
        // One conditional update per object and kind: the latest instant wins, so duplicates and
        // reordering are no-ops. (BatchWriteItem cannot do this: it replaces whole items.)
        Map<ObjectId, Map<RestoreEvent.Kind, Instant>> latest = new LinkedHashMap<>();
        for (RestoreEvent event : events) {
            latest.computeIfAbsent(event.object(), o -> new LinkedHashMap<>())
                    .merge(event.kind(), event.eventTime(), (a, b) -> a.isAfter(b) ? a : b);
        }
        latest.forEach((object, kinds) -> kinds.forEach((kind, at) -> recordFact(object, kind, at)));
    }

    private void recordFact(ObjectId object, RestoreEvent.Kind kind, Instant at) {
        String attribute = switch (kind) {
            case COMPLETED -> RESTORED_AT;
            case INITIATED -> INITIATED_AT;
            case EXPIRED -> EXPIRED_AT;
        };
        call("UpdateItem (restore event)", () -> {
            try {
                dynamoDb.updateItem(b -> b.tableName(objectsTable)
                        .key(key(object.canonical(), STATE_SK))
                        .updateExpression("SET #a = :t")
                        .conditionExpression("attribute_not_exists(#a) OR #a < :t")
                        .expressionAttributeNames(Map.of("#a", attribute))
                        .expressionAttributeValues(Map.of(":t", millis(at))));
            } catch (ConditionalCheckFailedException newerFactKnown) {
                // a later (or the same) instant is already recorded
            }
            return null;
        });
    }

    @Override
    public Map<ObjectId, ObjectState> statesOf(Collection<ObjectId> objects) {
        List<ObjectId> distinct = List.copyOf(new LinkedHashSet<>(objects));
        Map<ObjectId, ObjectState> states = new LinkedHashMap<>();
        for (int from = 0; from < distinct.size(); from += MAX_KEYS_PER_BATCH_GET) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (ObjectId object : distinct.subList(from, Math.min(distinct.size(), from + MAX_KEYS_PER_BATCH_GET))) {
                keys.add(key(object.canonical(), STATE_SK));
            }
            Map<String, KeysAndAttributes> request = Map.of(objectsTable,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> next = request;
                BatchGetItemResponse response = call("BatchGetItem (object states)",
                        () -> dynamoDb.batchGetItem(b -> b.requestItems(next)));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(objectsTable, List.of())) {
                    ObjectState state = toState(item);
                    states.put(state.object(), state);
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    backoff(attempt, "BatchGetItem (object states)");
                }
            }
        }
        return states;
    }

    // ---- memberships ----

    @Override
    public Map<ObjectId, List<Membership>> membershipsOf(Collection<ObjectId> objects) {
        Map<ObjectId, List<Membership>> result = new LinkedHashMap<>();
        for (ObjectId object : new LinkedHashSet<>(objects)) {
            List<Membership> memberships = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = call("Query (object memberships)", () -> dynamoDb.query(b -> b
                        .tableName(objectsTable)
                        .consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :job)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":pk", s(object.canonical()), ":job", s(JOB_PREFIX)))
                        .exclusiveStartKey(from)));
                for (Map<String, AttributeValue> item : page.items()) {
                    memberships.add(toMembership(object, item));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            result.put(object, memberships);
        }
        return result;
    }

    @Override
    public List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt) {
        List<Registration> registrations = new ArrayList<>(claims.size());
        for (MembershipClaim claim : claims) {
            registrations.add(register(job, claim, registeredAt));
        }
        return registrations;
    }

    private Registration register(JobId job, MembershipClaim claim, Instant registeredAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(claim.object().canonical(), JOB_PREFIX + job.value()));
        item.put(REGISTERED_AT, millis(registeredAt));
        item.put(ORIGIN, s(claim.origin().encoded()));
        claim.jobCreatedAt().ifPresent(created -> item.put(JOB_CREATED_AT, millis(created)));
        item.put(PENDING_JOB, s(job.value()));
        item.put(MEMBER_JOB, s(job.value()));
        return call("PutItem (membership)", () -> {
            try {
                dynamoDb.putItem(b -> b.tableName(objectsTable).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return new Registration(claim, new Membership(claim.object(), job, claim.origin(), Settlement.PENDING,
                        claim.jobCreatedAt()), true);
            } catch (ConditionalCheckFailedException exists) {
                Map<String, AttributeValue> old = exists.hasItem() && !exists.item().isEmpty()
                        ? exists.item()
                        : dynamoDb.getItem(b -> b.tableName(objectsTable).consistentRead(true)
                                .key(key(claim.object().canonical(), JOB_PREFIX + job.value()))).item();
                return new Registration(claim, toMembership(claim.object(), old), false);
            }
        });
    }

    // ---- settling ----

    /** Unsettled: none of the three settlement instants is there. */
    private static final String PENDING_CONDITION = "attribute_exists(#pk) AND attribute_not_exists(#credited)"
            + " AND attribute_not_exists(#failed) AND attribute_not_exists(#skipped)";

    @Override
    public int credit(JobId job, Collection<ObjectId> objects, Instant creditedAt) {
        Map<String, AttributeValue> at = Map.of(":t", millis(creditedAt));
        Settling pending = settle(job, objects, PENDING_CONDITION, "SET #credited = :t REMOVE #pending", at,
                Map.of(RESTORED, 1));
        if (pending.conditionFailed().isEmpty()) {
            return pending.settled();
        }
        // Those not pending may have failed: a completed restore wins over a failed task, and moves the object
        // from failed to restored. (Credited or skipped ones fail this condition too and are left alone.)
        Settling failed = settle(job, pending.conditionFailed(),
                "attribute_exists(#failed) AND attribute_not_exists(#credited)",
                "SET #credited = :t REMOVE #failed, #error", at, Map.of(RESTORED, 1, FAILED, -1));
        return pending.settled() + failed.settled();
    }

    @Override
    public int markFailed(JobId job, Collection<ObjectId> objects, String errorCode, Instant failedAt) {
        return settle(job, objects, PENDING_CONDITION, "SET #failed = :t, #error = :error REMOVE #pending",
                Map.of(":t", millis(failedAt), ":error", s(errorCode)), Map.of(FAILED, 1)).settled();
    }

    @Override
    public int markSkipped(JobId job, Collection<ObjectId> objects, String code, Instant skippedAt) {
        return settle(job, objects, PENDING_CONDITION, "SET #skipped = :t, #error = :error REMOVE #pending",
                Map.of(":t", millis(skippedAt), ":error", s(code)), Map.of(SKIPPED, 1)).settled();
    }

    /** How many memberships a settling changed, and those whose condition did not hold. */
    private record Settling(int settled, List<ObjectId> conditionFailed) {
    }

    /**
     * Applies {@code update} to each membership of the job among {@code objects} whose {@code condition} holds,
     * and moves each counter in {@code countersPerMembership} by its amount times the number changed, in the
     * same transactions.
     */
    private Settling settle(JobId job, Collection<ObjectId> objects, String condition, String update,
                            Map<String, AttributeValue> values, Map<String, Integer> countersPerMembership) {
        List<ObjectId> distinct = List.copyOf(new LinkedHashSet<>(objects));
        Map<String, String> names = new HashMap<>();
        names.put("#pk", PK);
        names.put("#pending", PENDING_JOB);
        names.put("#credited", CREDITED_AT);
        names.put("#failed", FAILED_AT);
        names.put("#skipped", SKIPPED_AT);
        names.put("#error", ERROR_CODE);
        Map<String, String> used = new HashMap<>();
        names.forEach((name, attribute) -> {
            if ((condition + " " + update).contains(name)) {
                used.put(name, attribute);
            }
        });
        int settled = 0;
        List<ObjectId> conditionFailed = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += MAX_MEMBERSHIPS_PER_TRANSACTION) {
            List<ObjectId> group = distinct.subList(from, Math.min(distinct.size(), from + MAX_MEMBERSHIPS_PER_TRANSACTION));
            settled += settleGroup(job, group, condition, update, used, values, countersPerMembership, conditionFailed);
        }
        return new Settling(settled, conditionFailed);
    }

    private int settleGroup(JobId job, List<ObjectId> group, String condition, String update, Map<String, String> names,
                            Map<String, AttributeValue> values, Map<String, Integer> countersPerMembership,
                            List<ObjectId> conditionFailed) {
        List<ObjectId> remaining = new ArrayList<>(group);
        int shard = random.nextInt(counterShards);
        int attempt = 1;
        while (!remaining.isEmpty()) {
            List<TransactWriteItem> actions = new ArrayList<>(remaining.size() + 1);
            for (ObjectId object : remaining) {
                actions.add(TransactWriteItem.builder().update(Update.builder()
                        .tableName(objectsTable)
                        .key(key(object.canonical(), JOB_PREFIX + job.value()))
                        .updateExpression(update)
                        .conditionExpression(condition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .build()).build());
            }
            int count = remaining.size();
            actions.add(counterUpdate(job, shard, countersPerMembership, count));
            try {
                call("TransactWriteItems (credit)", () -> dynamoDb.transactWriteItems(b -> b.transactItems(actions)));
                return count;
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.hasCancellationReasons()
                        ? cancelled.cancellationReasons() : List.of();
                if (reasons.size() != actions.size()) {
                    throw DynamoDbFailures.upstream("TransactWriteItems (credit)", cancelled);
                }
                List<ObjectId> retry = new ArrayList<>(count);
                boolean mustWait = false;
                for (int i = 0; i < actions.size(); i++) {
                    String code = reasons.get(i).code();
                    if (code == null || "None".equals(code)) {
                        if (i < count) {
                            retry.add(remaining.get(i));
                        }
                    } else if (CONDITION_FAILED.equals(code) && i < count) {
                        conditionFailed.add(remaining.get(i)); // settled otherwise (or not registered): not ours to count
                    } else if (RETRYABLE_REASONS.contains(code)) {
                        mustWait = true;
                        if (i < count) {
                            retry.add(remaining.get(i));
                        }
                    } else {
                        LOG.warn("Settling {} memberships of job {} was cancelled: {} on action {} ({})",
                                count, job, code, i, reasons.get(i).message());
                        throw DynamoDbFailures.upstream("TransactWriteItems (credit)", cancelled);
                    }
                }
                if (retry.size() == count) {
                    mustWait = true; // nothing dropped: only waiting can change the outcome
                }
                remaining = retry;
                if (mustWait && !remaining.isEmpty()) {
                    if (++attempt > MAX_ATTEMPTS) {
                        LOG.warn("Settling {} memberships of job {} kept conflicting after {} attempts",
                                remaining.size(), job, MAX_ATTEMPTS);
                        throw DynamoDbFailures.upstream("TransactWriteItems (credit)", cancelled);
                    }
                    backoff(attempt, "TransactWriteItems (credit)");
                    shard = otherShard(shard);
                }
            }
        }
        return 0;
    }

    /** {@code ADD} to one counter shard: each counter by its amount per membership times {@code count}. */
    private TransactWriteItem counterUpdate(JobId job, int shard, Map<String, Integer> countersPerMembership, int count) {
        List<String> adds = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        int i = 0;
        for (Map.Entry<String, Integer> counter : new java.util.TreeMap<>(countersPerMembership).entrySet()) {
            adds.add("#c" + i + " :c" + i);
            names.put("#c" + i, counter.getKey());
            values.put(":c" + i, AttributeValue.fromN(Long.toString((long) counter.getValue() * count)));
            i++;
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(jobsTable)
                .key(key(JOB_PREFIX + job.value(), COUNT_PREFIX + shard))
                .updateExpression("ADD " + String.join(", ", adds))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build();
    }

    private int otherShard(int shard) {
        return counterShards == 1 ? shard : (shard + 1 + random.nextInt(counterShards - 1)) % counterShards;
    }

    // ---- chunk summaries ----

    @Override
    public boolean recordChunkSummary(JobId job, ChunkSummary summary) {
        Map<String, AttributeValue> item = new HashMap<>(key(JOB_PREFIX + job.value(), CHUNK_PREFIX + summary.chunk()));
        item.put(OBJECTS, n(summary.objects()));
        item.put(LINES, n(summary.lines()));
        item.put(INVALID_LINES, n(summary.invalidLines()));
        if (!summary.invalidSamples().isEmpty()) {
            item.put(INVALID_SAMPLES, AttributeValue.fromL(summary.invalidSamples().stream()
                    .map(line -> AttributeValue.fromM(Map.of(SAMPLE_LINE, n(line.lineInChunk()),
                            SAMPLE_REASON, s(line.reason()))))
                    .toList()));
        }
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

    // ---- reconciliation ----

    @Override
    public PendingPage pendingObjects(JobId job, Optional<String> pageToken, int limit) {
        return objectsOfJob(PENDING_BY_JOB_INDEX, PENDING_JOB, "Query (pending objects)", job, pageToken, limit);
    }

    // ---- every member of a job (results report, expiry) ----

    @Override
    public PendingPage memberObjects(JobId job, Optional<String> pageToken, int limit) {
        return objectsOfJob(MEMBERS_BY_JOB_INDEX, MEMBER_JOB, "Query (members of a job)", job, pageToken, limit);
    }

    /** One page of a job's objects from an index keyed by the job id in {@code jobAttribute}. */
    private PendingPage objectsOfJob(String index, String jobAttribute, String operation, JobId job,
                                     Optional<String> pageToken, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        Map<String, AttributeValue> start = pageToken.map(token -> {
            Map<String, AttributeValue> key = new HashMap<>(key(decodeToken(token), JOB_PREFIX + job.value()));
            key.put(jobAttribute, s(job.value()));
            return key;
        }).orElse(null);
        QueryResponse page = call(operation, () -> dynamoDb.query(b -> b
                .tableName(objectsTable)
                .indexName(index)
                .keyConditionExpression("#job = :job")
                .expressionAttributeNames(Map.of("#job", jobAttribute))
                .expressionAttributeValues(Map.of(":job", s(job.value())))
                .exclusiveStartKey(start)
                .limit(limit)));
        List<ObjectId> objects = page.items().stream().map(item -> ObjectId.parseCanonical(item.get(PK).s())).toList();
        Optional<String> next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? Optional.of(encodeToken(page.lastEvaluatedKey().get(PK).s()))
                : Optional.empty();
        return new PendingPage(objects, next);
    }

    @Override
    public Map<ObjectId, MemberOutcome> outcomesOf(JobId job, Collection<ObjectId> objects) {
        List<ObjectId> distinct = List.copyOf(new LinkedHashSet<>(objects));
        Map<ObjectId, MemberOutcome> outcomes = new LinkedHashMap<>();
        String sk = JOB_PREFIX + job.value();
        for (int from = 0; from < distinct.size(); from += MAX_KEYS_PER_BATCH_GET) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (ObjectId object : distinct.subList(from, Math.min(distinct.size(), from + MAX_KEYS_PER_BATCH_GET))) {
                keys.add(key(object.canonical(), sk));
            }
            Map<String, KeysAndAttributes> request = Map.of(objectsTable, KeysAndAttributes.builder().keys(keys)
                    .consistentRead(true)
                    .projectionExpression("#pk, #credited, #failed, #skipped, #error")
                    .expressionAttributeNames(Map.of("#pk", PK, "#credited", CREDITED_AT, "#failed", FAILED_AT,
                            "#skipped", SKIPPED_AT, "#error", ERROR_CODE))
                    .build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> next = request;
                BatchGetItemResponse response = call("BatchGetItem (member outcomes)",
                        () -> dynamoDb.batchGetItem(b -> b.requestItems(next)));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(objectsTable, List.of())) {
                    ObjectId object = ObjectId.parseCanonical(item.get(PK).s());
                    Settlement settlement = settlementOf(item);
                    AttributeValue error = item.get(ERROR_CODE);
                    outcomes.put(object, new MemberOutcome(object, settlement,
                            Optional.ofNullable(error).map(AttributeValue::s)));
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    backoff(attempt, "BatchGetItem (member outcomes)");
                }
            }
        }
        return outcomes;
    }

    @Override
    public void expireMemberships(JobId job, Collection<ObjectId> objects, Instant expiresAt) {
        // One conditional UpdateItem each: BatchWriteItem would replace whole items and could undo a late
        // settlement written between reading and writing.
        for (ObjectId object : new LinkedHashSet<>(objects)) {
            call("UpdateItem (membership TTL)", () -> {
                try {
                    dynamoDb.updateItem(b -> b.tableName(objectsTable)
                            .key(key(object.canonical(), JOB_PREFIX + job.value()))
                            .updateExpression("SET #ttl = :ttl")
                            .conditionExpression("attribute_exists(#pk)")
                            .expressionAttributeNames(Map.of("#ttl", TTL, "#pk", PK))
                            .expressionAttributeValues(Map.of(":ttl", n(expiresAt.getEpochSecond()))));
                } catch (ConditionalCheckFailedException gone) {
                    // not a member (or already deleted): nothing to expire
                }
                return null;
            });
        }
    }

    private static String encodeToken(String canonical) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(canonical.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("pageToken", "the page token is not one this service returned");
        }
    }

    // ---- items ----

    private static Membership toMembership(ObjectId object, Map<String, AttributeValue> item) {
        JobId job = new JobId(item.get(SK).s().substring(JOB_PREFIX.length()));
        return new Membership(object, job, Origin.parse(item.get(ORIGIN).s()), settlementOf(item),
                Optional.ofNullable(instant(item, JOB_CREATED_AT)));
    }

    private static Settlement settlementOf(Map<String, AttributeValue> item) {
        return item.containsKey(CREDITED_AT) ? Settlement.CREDITED
                : item.containsKey(FAILED_AT) ? Settlement.FAILED
                : item.containsKey(SKIPPED_AT) ? Settlement.SKIPPED : Settlement.PENDING;
    }

    private static ObjectState toState(Map<String, AttributeValue> item) {
        return new ObjectState(ObjectId.parseCanonical(item.get(PK).s()), instant(item, RESTORED_AT),
                instant(item, INITIATED_AT), instant(item, EXPIRED_AT));
    }

    private static Instant instant(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue millis(Instant instant) {
        return n(instant.toEpochMilli());
    }

    // ---- failures ----

    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (TransactionCanceledException cancelled) {
            throw cancelled; // the caller reads the cancellation reasons
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream(what, e);
        }
    }

    private void backoff(int attempt, String what) {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt, 10));
        try {
            Thread.sleep(random.nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, what + " was interrupted");
        }
    }
}
