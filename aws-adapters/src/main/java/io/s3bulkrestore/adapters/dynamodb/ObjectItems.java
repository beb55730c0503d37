package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.CopyResult;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.ObjectRecord;
import io.s3bulkrestore.tracking.Origin;
import io.s3bulkrestore.tracking.RestoreFact;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.s3bulkrestore.adapters.dynamodb.TableDesign.PK;

/**
 * How an {@link ObjectRecord} is stored: one ObjectsTable item per object version (DESIGN §3), keyed by the
 * object's canonical id, read by the ledger and, from the table's stream images, by the tally function.
 * <pre>
 *   pk                 canonical object id (bucket, key, version id or none)
 *   restoredAt         N, epoch millis of the latest completed restore
 *   restoreExpiresAt   N, epoch millis when that restore's copy expires (absent: not said)
 *   sourceClass        S, the storage class it was restored from (absent: not said)
 *   J#&lt;job id&gt;        M, the job's membership: o origin (chunk#byteOffset), c job created (millis),
 *                      r registered (millis), s settlement F (failed) or S (skipped) when its task said so, e code,
 *                      k true when the job copies its objects, y its copy's result C (copied), F (failed) or
 *                      X (the restored copy expired first), z that result's code
 *   expiresAt          N, epoch seconds: the TTL
 * </pre>
 */
public final class ObjectItems {

    /** The latest completed restore of the object: when (epoch millis), until when, and from which class. */
    public static final String RESTORED_AT = "restoredAt";
    static final String RESTORE_EXPIRES_AT = "restoreExpiresAt";
    static final String SOURCE_CLASS = "sourceClass";
    /** Prefix of the attribute that holds a job's membership. */
    public static final String MEMBERSHIP_PREFIX = "J#";
    static final String ORIGIN = "o";
    static final String JOB_CREATED = "c";
    static final String REGISTERED = "r";
    static final String SETTLED = "s";
    static final String CODE = "e";
    static final String FAILED = "F";
    static final String SKIPPED = "S";
    static final String COPIES = "k";
    static final String COPY = "y";
    static final String COPY_CODE = "z";

    private ObjectItems() {
    }

    static Map<String, AttributeValue> key(ObjectId object) {
        return Map.of(PK, AttributeValue.fromS(object.canonical()));
    }

    /** The attribute name of the job's membership. */
    public static String membershipAttribute(JobId job) {
        return MEMBERSHIP_PREFIX + job.value();
    }

    /** The stored form of a new membership. */
    static AttributeValue membership(Membership membership) {
        Map<String, AttributeValue> value = new HashMap<>();
        value.put(ORIGIN, AttributeValue.fromS(membership.origin().encoded()));
        membership.jobCreatedAt().ifPresent(created -> value.put(JOB_CREATED, millis(created)));
        value.put(REGISTERED, millis(membership.registeredAt()));
        if (membership.copies()) {
            value.put(COPIES, AttributeValue.fromBool(true));
        }
        return AttributeValue.fromM(value);
    }

    /** The record an item holds. */
    public static ObjectRecord record(Map<String, AttributeValue> item) {
        ObjectId object = ObjectId.parseCanonical(item.get(PK).s());
        Optional<RestoreFact> restore = Optional.ofNullable(item.get(RESTORED_AT)).map(at -> new RestoreFact(
                instant(at), Optional.ofNullable(item.get(RESTORE_EXPIRES_AT)).map(ObjectItems::instant),
                Optional.ofNullable(item.get(SOURCE_CLASS)).map(AttributeValue::s)));
        Map<JobId, Membership> memberships = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(MEMBERSHIP_PREFIX) && value.hasM()) {
                JobId job = new JobId(name.substring(MEMBERSHIP_PREFIX.length()));
                memberships.put(job, membership(object, job, value.m()));
            }
        });
        return new ObjectRecord(object, restore, memberships);
    }

    private static Membership membership(ObjectId object, JobId job, Map<String, AttributeValue> value) {
        Settlement settlement = Optional.ofNullable(value.get(SETTLED)).map(AttributeValue::s)
                .map(s -> s.equals(FAILED) ? Settlement.FAILED : Settlement.SKIPPED).orElse(Settlement.PENDING);
        boolean copies = value.containsKey(COPIES) && Boolean.TRUE.equals(value.get(COPIES).bool());
        return new Membership(object, job, Origin.parse(value.get(ORIGIN).s()), settlement,
                Optional.ofNullable(value.get(CODE)).map(AttributeValue::s),
                Optional.ofNullable(value.get(JOB_CREATED)).map(ObjectItems::instant),
                instant(value.get(REGISTERED)), copies,
                Optional.ofNullable(value.get(COPY)).map(result -> copyResult(result.s(), value.get(COPY_CODE))));
    }

    /** The stored letter of a copy's result. */
    static String copyLetter(CopyResult result) {
        return switch (result.kind()) {
            case COPIED -> "C";
            case FAILED -> "F";
            case EXPIRED -> "X";
        };
    }

    private static CopyResult copyResult(String letter, AttributeValue code) {
        Optional<String> text = Optional.ofNullable(code).map(AttributeValue::s);
        return switch (letter) {
            case "C" -> CopyResult.copied();
            case "F" -> new CopyResult(CopyResult.Kind.FAILED, text);
            case "X" -> new CopyResult(CopyResult.Kind.EXPIRED, text);
            default -> throw new IllegalStateException("not a copy result: " + letter);
        };
    }

    static AttributeValue millis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }

    private static Instant instant(AttributeValue value) {
        return Instant.ofEpochMilli(Long.parseLong(value.n()));
    }
}
