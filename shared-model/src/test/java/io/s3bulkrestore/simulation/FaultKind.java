package io.s3bulkrestore.simulation;

/**
 * What the simulation may do to a run. A run's {@link FaultPlan} picks only from the kinds it is given; the
 * kinds that today's code is known to mishandle are listed in {@link PipelineSimulationTest#KNOWN_BROKEN}.
 */
public enum FaultKind {
    /** Restore Completed events that are never delivered (routing being switched on, a dropped message). */
    LOST_EVENT,
    /** Events delivered two or three times (SQS at-least-once; moto sends "Completed" twice). */
    DUPLICATE_EVENT,
    /** Events delivered in a random order and random batch composition. */
    REORDERED_EVENTS,
    /** Events delivered 30 minutes to 5 hours late. */
    LATE_EVENT,
    /** An ingest chunk delivered again after it was processed, and chunks received in any order. */
    INGEST_REDELIVERY,
    /** One chunk of a job fails every delivery and goes to the ingest DLQ after the max receive count. */
    INGEST_DLQ,
    /** The api function dies before or after a write in create (job item, batch job, enqueue, submitted) or cancel. */
    CRASH_CREATE,
    /** After a crash in create the client does not retry: whatever was written stays as it is. */
    CREATE_ABANDONED,
    /** The ingest worker dies before or after a write (registration, credit, routing, chunk summary). */
    CRASH_INGEST,
    /** The restore-event function dies before or after a write (facts, credit); SQS redelivers the batch. */
    CRASH_CREDITING,
    /** The monitor dies before or after any write or publish (state, report parts, outbox, SNS, finish). */
    CRASH_MONITOR,
    /**
     * The monitor dies before or after a call on the results report upload (start, part, complete, abort): split
     * from {@link #CRASH_MONITOR} because today's code cannot recover from a crash after completing the upload.
     */
    CRASH_MONITOR_REPORT,
    /** The user cancels a job: while submitting, during ingest, while the batch job runs, or after it finished. */
    CANCEL,
    /** Two jobs list some of the same objects (RestoreObject answers 409 RestoreAlreadyInProgress to one). */
    OVERLAPPING_JOBS,
    /** A manifest lists some objects twice (the second task answers 409 RestoreAlreadyInProgress). */
    DUPLICATE_LINES,
    /** Manifests with a version id column, naming the current or an older version of a versioned bucket. */
    VERSIONED,
    /**
     * With {@link #VERSIONED}: an older version of an object that a job lists without a version id (meaning the
     * current one) was restored by someone else shortly before; sometimes the current version cannot be restored.
     */
    NONCURRENT_RESTORE,
    /** Objects restored long before the job, whose copy expired (re-archived), and an old fact in the ledger. */
    RE_ARCHIVED,
    /** Objects not in an archive class: RestoreObject answers 403 ObjectAlreadyInActiveTierError. */
    NOT_ARCHIVED,
    /** Real task failures: AccessDenied and NoSuchKey. */
    TASK_FAILURES,
    /** A job where most tasks fail: Batch Operations fails the job after more than 50 % task failures. */
    BATCH_FAILS,
    /** Some restores take longer than the job's deadline: the job must time out on time. */
    RESTORE_PAST_DEADLINE,
    /**
     * The tally function dies after adding some jobs' sums of a stream batch (a throttled counter write), and the
     * event source mapping retries the batch.
     */
    TALLY_RETRY,
    /** A failed tally batch is bisected (BisectBatchOnFunctionError): its halves are retried one after the other. */
    TALLY_BISECT,
    /** A stream batch is delivered to the tally function twice. */
    TALLY_DUPLICATE,
    /** The stream shard splits: later changes are in a child shard, with its own counters. */
    SHARD_SPLIT,
    /** A stream batch never reaches the counters (retries used up, sent to the on-failure destination). */
    LOST_TALLY_BATCH
}
